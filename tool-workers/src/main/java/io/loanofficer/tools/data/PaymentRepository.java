package io.loanofficer.tools.data;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

public interface PaymentRepository extends ListCrudRepository<Payment, String> {

  List<Payment> findByLoanId(String loanId);

  @Query("SELECT p.* FROM payment p JOIN loan l ON l.loan_id = p.loan_id WHERE l.borrower_id = :borrowerId")
  List<Payment> findByBorrowerId(@Param("borrowerId") String borrowerId);
}
