package io.loanofficer.agent.guardrails;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The compliance screen of the user's text, run by the conversation engine before ANY model is asked
 * (offline planner or OpenAI), and by the offline planner on its own for the refusal intents its
 * classifier learned: explicit, reviewable rules rather than a learned model, because an examiner
 * must be able to read why a request was declined. A refused turn never reaches the model.
 * <ul>
 *   <li>instruction override / prompt extraction → {@code PROMPT_INJECTION}</li>
 *   <li>bulk extraction of contact data or identifiers → {@code PII_EXTRACTION}</li>
 *   <li>protected characteristics under ECOA / Regulation B, or obvious proxies → {@code FAIR_LENDING}</li>
 * </ul>
 */
public final class InputGuard {

  /**
   * A declined question: the reply the officer reads and the reason the audit records. The guard's own
   * type, not a model step: the engine answers with it, the offline planner turns it into its refusal.
   */
  public record Refusal(String text, String reason) {}

  public static final String FAIR_LENDING = "FAIR_LENDING";
  public static final String PII_EXTRACTION = "PII_EXTRACTION";
  public static final String PROMPT_INJECTION = "PROMPT_INJECTION";

  public static final String FAIR_LENDING_TEXT = "I can't rank, filter or make lending decisions on age, race, color, "
      + "religion, national origin, sex, marital status or receipt of public assistance, or on proxies for them: "
      + "these are protected under ECOA and Regulation B. I can assess borrowers on credit, payment history, "
      + "debt, collateral and farm risk instead, for example \"Which farmers are at high risk of default?\".";
  public static final String PII_TEXT = "I can't list or export borrowers' personal data (emails, phone numbers, "
      + "addresses, tax or account numbers) in bulk. I can show one borrower's profile by borrower id, with "
      + "contact fields masked.";
  public static final String INJECTION_TEXT = "I can't ignore or reveal my instructions. I can help with loans, "
      + "borrowers, default and non-accrual risk, collateral, payments, refinancing and market questions.";

  private static final String PEOPLE =
      "(?:borrowers?|farmers?|applicants?|customers?|clients?|people|persons?|folks|ones|operators?|owners?|growers?|ranchers?|producers?|families|men|women|guys)";

  private static final Pattern INJECTION = Pattern.compile(String.join("|",
      "\\b(?:ignore|disregard|forget|skip|override|bypass)\\b[^.?!]{0,40}\\b(?:instructions?|rules|prompts?|guidelines|guardrails|directions|policies|restrictions|filters|programming)\\b",
      "\\bsystem\\s+(?:prompt|message|instructions?)\\b",
      "\\b(?:ignore|disregard|forget)\\s+(?:all\\s+|everything\\s+)?(?:of\\s+)?(?:the\\s+|that\\s+)?(?:above|previous|prior|earlier|preceding)\\b",
      "\\b(?:reveal|show|print|tell|repeat|output|display|leak|dump|give)\\b[^.?!]{0,30}\\b(?:your|the|hidden|initial|original)\\s+(?:instructions|prompt|configuration|rules)\\b",
      "\\byou are now\\b|\\bdeveloper mode\\b|\\bjailbreak\\w*\\b|\\bdo anything now\\b|\\bact as (?:an? )?(?:unrestricted|unfiltered)\\b",
      "\\bpretend (?:you are|you're|to be)\\b[^.?!]{0,30}\\b(?:no|without|unrestricted|not bound)\\b"));

  private static final Pattern PII_FIELDS = Pattern.compile(
      "\\b(?:e-?mails?|e-?mail addresses|phone(?: numbers?)?|telephone(?: numbers?)?|cell(?:phone)? numbers?|mobile numbers?"
          + "|contact (?:details|info|information|data|list)|home addresses|addresses|mailing address(?:es)?|ssns?"
          + "|social security numbers?|tax ids?|tax identification numbers?|tins?|account numbers?|bank accounts?"
          + "|routing numbers?|dates? of birth|birth ?dates?|personal (?:data|information|details|info))\\b");
  /** Whole-database extraction, whatever the fields. */
  private static final Pattern DATA_DUMP = Pattern.compile(
      "\\b(?:dump|output|export|print|download|copy|give me)\\b[^.?!]{0,25}\\b(?:raw|entire|whole|full|complete)\\s+(?:(?:borrower|customer|client|loan|farmer)s?\\s+)?(?:database|db|tables?|customer list|borrower list|records)\\b");
  private static final Pattern BULK = Pattern.compile(
      "\\b(?:all|every|each|everyone|everybody|entire|whole|export|dump|download|bulk|csv|spreadsheet|excel|list of)\\b"
          + "|\\b(?:borrowers|farmers|customers|clients|applicants)\\b");

  private static final List<Pattern> PROTECTED = List.of(
      // age and its proxies
      Pattern.compile("\\b(?:old|older|oldest|elderly|aging|ageing|aged|senior|young|younger|youngest|retired|retiring|millennial|boomer|gen ?z)\\s+" + PEOPLE),
      Pattern.compile("\\b\\d{2}\\s*(?:\\+\\s*)?(?:years? old|year-olds?|yrs? old|or older|and older|and up)\\b"),
      // "is B003 too old to get a 30-year loan?"; equipment that is too old is removed first (BUSINESS_AGE)
      Pattern.compile("\\b(?:is|are|am|getting|seems?|looks?)\\s+(?:[a-z0-9']+\\s+){0,2}?too\\s+(?:old|young)\\b"),
      Pattern.compile("\\b(?:ages?|aged|birth ?year|year of birth|born (?:before|after|in)|retirement age|near(?:ing)? retirement|close to retir\\w*|seniors|elderly|retirees?)\\b"),
      // race, color, ethnicity
      Pattern.compile("\\b(?:race|races|racial|ethnicity|ethnic|ethnically|skin colou?r|hispanics?|latinos?|latinas?|latinx|caucasians?|african[- ]americans?|native americans?|minorit(?:y|ies)|people of colou?r|indigenous)\\b"),
      Pattern.compile("\\b(?:black|white|brown|asian|arab|mexican|chinese|indian|african|european)\\s+" + PEOPLE),
      // religion
      Pattern.compile("\\b(?:religion|religions|religious|christians?|muslims?|islamic|jewish|jews|hindus?|sikhs?|buddhists?|catholics?|protestants?|mormons?|amish|mennonites?|church(?:goers)?|mosques?|synagogues?|atheists?|faith)\\b"),
      // national origin
      Pattern.compile("\\b(?:national origin|nationality|nationalities|immigrants?|immigration|foreign[- ]born|foreigners?|foreign nationals?|citizenship|non-?citizens?|green cards?|undocumented|illegal aliens?|migrants?|accents?|born abroad|country of origin|english speakers?|speak english|native speakers?)\\b"),
      Pattern.compile("\\b(?:foreign|ethnic|hispanic|asian|african|arabic|muslim|jewish)(?:[- ]sounding)?\\s+(?:names?|surnames?|last names?)\\b|\\b(?:names?|surnames?) that sound\\b"),
      // sex and gender
      Pattern.compile("\\b(?:sex|gender|women|woman|female|females|male|males|men|ladies|lady farmers?|wom[ae]n-owned|female-owned|male-owned|transgender|pregnant|pregnancy|maternity)\\b"),
      // marital status
      Pattern.compile("\\b(?:married|unmarried|marital|marriage|divorced?|divorcees?|widow(?:ed|s|ers?)?|spouses?|husbands?|wife|wives|engaged couples?)\\b"),
      Pattern.compile("\\bsingle\\s+(?:mothers?|fathers?|parents?|moms?|dads?|women|men|people|" + PEOPLE + ")"),
      // receipt of public assistance
      Pattern.compile("\\b(?:public assistance|welfare|food stamps?|snap benefits?|on snap|wic\\b|medicaid|tanf|ssi\\b|government (?:assistance|aid|benefits)|unemployment benefits|disability (?:benefits|income|payments)|social security (?:benefits|income|checks?)|on benefits)\\b"),
      // geographic proxies ("zip codes where ... live") and redlining
      Pattern.compile("\\b(?:zip ?codes?|postcodes?|neighbou?rhoods?|census tracts?|parts of (?:town|the county|the state)|areas|counties)\\b[^.?!]{0,40}\\b(?:live|lives|living|reside|populated|majority|mostly|predominantly)\\b"),
      Pattern.compile("\\bredlin\\w*\\b"));

  /** Equipment and loan "age" are business facts, not the borrower's age. */
  private static final Pattern BUSINESS_AGE = Pattern.compile(
      "\\bages? of (?:[a-z0-9']+\\s+){0,3}?(?:equipment|tractors?|combines?|machinery|machines?|loans?|payments?|receivables|assets?|items?|collateral|sprayers?|plows?)\\b"
          + "|\\b(?:equipment|tractor|combine|machinery|machine|loan|asset|item)\\s+ages?\\b|\\baging (?:report|receivables|schedule|equipment|machinery)\\b"
          + "|\\b(?:(?:is|are)\\s+(?:the\\s+|its\\s+|their\\s+|this\\s+|that\\s+)?)?(?:equipment|tractors?|combines?|machinery"
          + "|machines?|loans?|assets?|items?|collateral|barns?|buildings?|herds?|systems?|plows?|sprayers?|seeders?)"
          + "\\s+(?:(?:is|are|seems?|looks?)\\s+)?too\\s+(?:old|young)\\b");

  /** "over 60" is an age only when it is said of people, not of a score, ratio or amount. */
  private static final Pattern AGE_THRESHOLD = Pattern.compile(
      "\\b(?:over|above|under|below|older than|younger than|past|beyond)\\s+(?:the age of\\s+|age\\s+)?\\d{2}\\b"
          + "(?!\\s*(?:%|percent|days?|months?|weeks?|acres?|k\\b|head|loans?|points?|thousand|dollars|late|payments?|,\\d|\\.\\d))");
  private static final Pattern FINANCIAL_BEFORE = Pattern.compile(
      "\\b(?:ltv|score|scores|rate|rates|dti|ratio|income|amount|amounts|balance|value|payment|payments|points|acres|days|term|risk)\\W*(?:is|are|of|at)?\\W*$");
  private static final Pattern PERSON_CONTEXT = Pattern.compile("\\b" + PEOPLE + "\\b|\\b(?:who|whom|them|those|anyone|anybody|somebody|someone)\\b");

  private static boolean ageThreshold(String s) {
    java.util.regex.Matcher m = AGE_THRESHOLD.matcher(s);
    while (m.find()) {
      String before = s.substring(Math.max(0, m.start() - 20), m.start());
      if (!FINANCIAL_BEFORE.matcher(before).find() && PERSON_CONTEXT.matcher(s).find()) {
        return true;
      }
    }
    return false;
  }

  public Optional<Refusal> screen(String text) {
    String s = text == null ? "" : text.toLowerCase(Locale.ROOT);
    if (INJECTION.matcher(s).find()) {
      return Optional.of(new Refusal(INJECTION_TEXT, PROMPT_INJECTION));
    }
    if (PII_FIELDS.matcher(s).find() && BULK.matcher(s).find() || DATA_DUMP.matcher(s).find()) {
      return Optional.of(new Refusal(PII_TEXT, PII_EXTRACTION));
    }
    String withoutBusinessAge = BUSINESS_AGE.matcher(s).replaceAll(" ");
    if (ageThreshold(withoutBusinessAge)) {
      return Optional.of(new Refusal(FAIR_LENDING_TEXT, FAIR_LENDING));
    }
    for (Pattern p : PROTECTED) {
      if (p.matcher(withoutBusinessAge).find()) {
        return Optional.of(new Refusal(FAIR_LENDING_TEXT, FAIR_LENDING));
      }
    }
    return Optional.empty();
  }

  /**
   * Words of a protected ground or of a common proxy for one, wider than the refusal rules (which need
   * a request to rank, filter or decide on it): the planner accepts its classifier's fair-lending
   * refusal only when the question says one of them, so that ordinary risk words ("which farmers look
   * shaky") are never refused as fair-lending questions.
   */
  private static final Pattern PROTECTED_GROUND = Pattern.compile("\\b(?:age[sd]?|old\\w*|young\\w*|elder\\w*|senior\\w*"
      + "|retir\\w*|born|birth\\w*|generation\\w*|boomers?|millennials?|kids?|children|child|family|families|race\\w*|racial"
      + "|colou?r|ethnic\\w*|white|black|brown|asian\\w*|hispanic\\w*|latin\\w*|minorit\\w*|native|indigenous|tribal"
      + "|religio\\w*|church\\w*|faith|muslims?|christians?|jew\\w*|amish|mennonites?|nation\\w*|immigra\\w*|foreign\\w*"
      + "|citizen\\w*|migrants?|english|spanish|language|accents?|countr(?:y|ies) of|sex\\w*|gender\\w*|wom[ae]n|female\\w*"
      + "|males?|men|ladies|lady|guys|pregnan\\w*|maternity|married|marri\\w*|marital|single|divorc\\w*|widow\\w*|spouses?"
      + "|husbands?|wi(?:fe|ves)|welfare|assistance|benefits|food stamps|snap|disabilit\\w*|disabled|zip|postcodes?"
      + "|neighbou?rhoods?|redlin\\w*|surnames?|names?)\\b");

  /** Whether the text names a protected characteristic or a proxy for one (see {@link #PROTECTED_GROUND}). */
  public static boolean mentionsProtectedGround(String text) {
    return text != null && PROTECTED_GROUND.matcher(text.toLowerCase(Locale.ROOT)).find();
  }

  /** The refusal the planner gives when the classifier (not a rule) recognises one of these intents. */
  public static Optional<Refusal> forIntent(String intent) {
    return switch (intent) {
      case "refuse_fair_lending" -> Optional.of(new Refusal(FAIR_LENDING_TEXT, FAIR_LENDING));
      case "refuse_pii" -> Optional.of(new Refusal(PII_TEXT, PII_EXTRACTION));
      case "refuse_injection" -> Optional.of(new Refusal(INJECTION_TEXT, PROMPT_INJECTION));
      default -> Optional.empty();
    };
  }
}
