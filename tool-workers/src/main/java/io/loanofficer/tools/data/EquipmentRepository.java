package io.loanofficer.tools.data;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

public interface EquipmentRepository extends ListCrudRepository<Equipment, String> {

  List<Equipment> findByBorrowerId(String borrowerId);
}
