package io.loanofficer.agent.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntityExtractorTest {

  private final EntityExtractor extractor = new EntityExtractor();

  @Test
  void idsInAnyCaseInOrderWithoutDuplicates() {
    Entities e = extractor.extract("compare l002, L-005 and loan #7 for b001 and B001");
    assertThat(e.loanIds()).containsExactly("L002", "L005", "L007");
    assertThat(e.borrowerIds()).containsExactly("B001");
  }

  @Test
  void idsAloneAreTheIdsOfTheWholeExtraction() {
    String text = "compare l002, L-005 and loan #7 for b001, borrower no. 12 and B001";
    assertThat(extractor.loanIds(text)).containsExactly("L002", "L005", "L007");
    assertThat(extractor.borrowerIds(text)).containsExactly("B001", "B012");
    assertThat(extractor.extract(text).loanIds()).isEqualTo(extractor.loanIds(text));
    assertThat(extractor.extract(text).borrowerIds()).isEqualTo(extractor.borrowerIds(text));
    assertThat(extractor.loanIds(null)).isEmpty();
    assertThat(extractor.borrowerIds("bloom L2")).isEmpty();
  }

  @Test
  void idsAreNoCropsOrPriceChanges() {
    // ids are masked before crops and numbers are read: "loan #10" is no 10 % change, "B-20" no crop
    Entities e = extractor.extract("corn exposure on loan #10 and B-20, down 5%");
    assertThat(e.loanIds()).containsExactly("L010");
    assertThat(e.borrowerIds()).containsExactly("B20"); // a typed id keeps its digits; "no." and "#" forms are padded
    assertThat(e.crops()).containsExactly("corn");
    assertThat(e.priceChange()).contains("-5%");
  }

  @Test
  void signedPriceChanges() {
    assertThat(extractor.extract("a 10% drop in corn prices").priceChange()).contains("-10%");
    assertThat(extractor.extract("corn prices down 10%").priceChange()).contains("-10%");
    assertThat(extractor.extract("a 15% corn price increase").priceChange()).contains("+15%");
    assertThat(extractor.extract("if wheat fell by twenty percent").priceChange()).contains("-20%");
    assertThat(extractor.extract("soybeans -7.5%").priceChange()).contains("-7.5%");
    assertThat(extractor.extract("wheat this fall, prices up 5%").priceChange()).contains("+5%");
    assertThat(extractor.extract("no change mentioned").priceChange()).isEmpty();
  }

  @Test
  void cropsSeasonsAndCommodities() {
    Entities e = extractor.extract("wheat yield risk this fall");
    assertThat(e.crops()).containsExactly("wheat");
    assertThat(e.seasons()).containsExactly("fall");
    assertThat(extractor.extract("a 10% fall in corn prices").seasons()).isEmpty();
    assertThat(extractor.extract("soybean risk in autumn").seasons()).containsExactly("fall");
    assertThat(extractor.extract("barley for this season").crops()).containsExactly("other");
    assertThat(extractor.extract("barley for this season").seasons()).containsExactly("current");
    assertThat(extractor.extract("milk and cattle prices").commodities()).containsExactly("dairy", "livestock");
  }

  @Test
  void goalsOnlyWhenStated() {
    assertThat(extractor.extract("restructure L003 to reduce payments").goal()).contains("reduce_payments");
    assertThat(extractor.extract("lower the monthly payment on L002").goal()).contains("reduce_payments");
    assertThat(extractor.extract("minimize interest on L005").goal()).contains("minimize_interest");
    assertThat(extractor.extract("restructure L005 with the least total interest").goal()).contains("minimize_interest");
    assertThat(extractor.extract("what restructuring options exist for L002").goal()).isEqualTo(Optional.empty());
  }

  @Test
  void referencesAndScope() {
    assertThat(extractor.extract("what's the default risk for this borrower?").refersToBorrower()).isTrue();
    assertThat(extractor.extract("is its collateral sufficient?").refersToLoan()).isTrue();
    assertThat(extractor.extract("how would it affect our portfolio").portfolioScope()).isTrue();
    assertThat(extractor.extract("show me loan L001").borrowerIds()).isEqualTo(List.of());
  }
}
