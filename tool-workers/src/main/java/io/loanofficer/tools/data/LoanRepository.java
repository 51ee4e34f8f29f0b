package io.loanofficer.tools.data;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

public interface LoanRepository extends ListCrudRepository<Loan, String> {

  List<Loan> findByBorrowerId(String borrowerId);

  List<Loan> findByStatus(String status);

  @Query("SELECT l.* FROM loan l JOIN borrower b ON b.borrower_id = l.borrower_id WHERE b.officer_id = :officerId")
  List<Loan> findByOfficerId(@Param("officerId") String officerId);

  @Query("SELECT l.* FROM loan l JOIN borrower b ON b.borrower_id = l.borrower_id "
      + "WHERE b.officer_id = :officerId AND l.status = :status")
  List<Loan> findByOfficerIdAndStatus(@Param("officerId") String officerId, @Param("status") String status);
}
