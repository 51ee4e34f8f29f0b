package io.loanofficer.tools.data;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

public interface BorrowerRepository extends ListCrudRepository<Borrower, String> {

  List<Borrower> findByOfficerId(String officerId);
}
