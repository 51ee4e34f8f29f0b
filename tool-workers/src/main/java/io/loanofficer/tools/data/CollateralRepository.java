package io.loanofficer.tools.data;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

public interface CollateralRepository extends ListCrudRepository<Collateral, String> {

  List<Collateral> findByLoanId(String loanId);
}
