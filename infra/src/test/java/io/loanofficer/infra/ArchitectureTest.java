package io.loanofficer.infra;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the module picture (README, "How a question travels"), checked on the compiled
 * production classes of every module, so that they keep holding as the code changes.
 */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // the modules' test jars (test support the end-to-end tests share) are not production code
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.loanofficer");
  }

  @Test
  void theOpenAiSdkStaysInItsAdapter() {
    ArchRule rule = noClasses().that().resideOutsideOfPackage("io.loanofficer.agent.openai..")
        .should().dependOnClassesThat().resideInAPackage("com.openai..")
        .because("the orchestrator's core talks to a model through agent.model.AgentModel; the vendor SDK is an edge");
    rule.check(production);
  }

  // ADR 22: the orchestrator's core over agent-api, its models and commands in leaf modules
  private static final String[] ORCHESTRATOR_CORE = {"io.loanofficer.agent", "io.loanofficer.agent.conversation..",
      "io.loanofficer.agent.kafka.."};
  private static final String[] AGENT_API = {"io.loanofficer.agent.model..", "io.loanofficer.agent.guardrails.."};
  private static final String[] LEAVES = {"io.loanofficer.agent.openai..", "io.loanofficer.agent.planner..",
      "io.loanofficer.agent.replay.."};

  // ADR 26: the projections of audit.events (SIEM feed, replay index), a leaf the orchestrator runs
  private static final String AUDIT_PROJECTIONS = "io.loanofficer.projection..";

  @Test
  void noServiceNamesTheAuditProjections() {
    ArchRule rule = noClasses().that().resideOutsideOfPackage(AUDIT_PROJECTIONS)
        .should().dependOnClassesThat().resideInAPackage(AUDIT_PROJECTIONS)
        .because("the audit projections are a leaf (ADR 26): the orchestrator takes them at runtime scope and "
            + "turns their auto-configuration on in its yml; neither its core nor any other module names one");
    rule.check(production);
  }

  @Test
  void theAuditProjectionsReadTheContractsAlone() {
    ArchRule rule = noClasses().that().resideInAPackage(AUDIT_PROJECTIONS)
        .should().dependOnClassesThat().resideInAnyPackage("io.loanofficer.agent..", "io.loanofficer.gateway..",
            "io.loanofficer.tools..", "io.loanofficer.worker..", "io.loanofficer.capture..")
        .because("a projection reads audit.events through the schemas contracts (events, serde, topics, audit) and "
            + "joins its groups through consumer-groups; it knows no writer of the chain (ADR 26)");
    rule.check(production);
  }

  @Test
  void theOrchestratorsCoreNamesNoLeaf() {
    ArchRule rule = noClasses().that().resideInAnyPackage(ORCHESTRATOR_CORE)
        .should().dependOnClassesThat().resideInAnyPackage(concat(LEAVES, "com.openai.."))
        .because("models and commands are leaf modules over agent-api (ADR 22): the service takes them at runtime "
            + "scope and finds them by component scanning, its core never names one");
    rule.check(production);
  }

  @Test
  void theAgentApiDependsOnNothingOfTheOrchestrator() {
    ArchRule rule = noClasses().that().resideInAnyPackage(AGENT_API)
        .should().dependOnClassesThat().resideInAnyPackage(concat(ORCHESTRATOR_CORE, LEAVES))
        .because("agent-api is what the core and every model are built against; it is below both (ADR 22)");
    rule.check(production);
  }

  @Test
  void theGuardrailsKnowNoModel() {
    ArchRule rule = noClasses().that().resideInAPackage("io.loanofficer.agent.guardrails..")
        .should().dependOnClassesThat().resideInAPackage("io.loanofficer.agent.model..")
        .because("a guard's verdict is its own (InputGuard.Refusal); the engine and the planner turn it into theirs");
    rule.check(production);
  }

  @Test
  void modelsDependOnTheAgentApiAlone() {
    ArchRule openAi = noClasses().that().resideInAPackage("io.loanofficer.agent.openai..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(ORCHESTRATOR_CORE,
            "io.loanofficer.agent.planner..", "io.loanofficer.agent.replay.."))
        .because("a model module plugs in behind agent-api; it knows neither the core nor the other models");
    ArchRule planner = noClasses().that().resideInAPackage("io.loanofficer.agent.planner..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(ORCHESTRATOR_CORE,
            "io.loanofficer.agent.openai..", "io.loanofficer.agent.replay.."))
        .because("a model module plugs in behind agent-api; it knows neither the core nor the other models");
    openAi.check(production);
    planner.check(production);
  }

  @Test
  void eachPartLivesInItsModule() {
    inModule("agent-api", AGENT_API).check(production);
    inModule("agent-openai", "io.loanofficer.agent.openai..").check(production);
    inModule("agent-planner", "io.loanofficer.agent.planner..").check(production);
    inModule("agent-replay", "io.loanofficer.agent.replay..").check(production);
    inModule("agent-orchestrator", ORCHESTRATOR_CORE).check(production);
    inModule("audit-projections", AUDIT_PROJECTIONS).check(production);
  }

  /** The classes of these packages come from the module's classes or jar, so Maven's scopes guard them too. */
  private static ArchRule inModule(String module, String... packages) {
    return classes().that().resideInAnyPackage(packages).should(comeFromModule(module))
        .because("ADR 22 and ADR 26 place each part of the agent and the audit projections in a module of its own");
  }

  private static ArchCondition<JavaClass> comeFromModule(String module) {
    return new ArchCondition<>("come from module " + module) {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        // target/classes of the module in a reactor build, or its jar (target/ or the local repository)
        String location = javaClass.getSource().map(source -> source.getUri().toString()).orElse("");
        boolean inside = location.contains("/" + module + "/target/")
            || location.matches(".*/" + module + "-\\d[^/]*\\.jar!/.*");
        events.add(new SimpleConditionEvent(javaClass, inside,
            javaClass.getName() + " comes from " + location + ", not from module " + module));
      }
    };
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(more))
        .toArray(String[]::new);
  }

  @Test
  void theConversationCoreKnowsNoKafkaClientNorSpring() {
    ArchRule rule = noClasses().that().resideInAnyPackage("io.loanofficer.agent.conversation..",
            "io.loanofficer.agent.model..", "io.loanofficer.agent.planner..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..",
            "org.springframework.web..")
        .because("the state machine, the model interface and the planner are plain Java: the Kafka listener "
            + "(agent.kafka) feeds them and writes what they return");
    rule.check(production);
  }

  @Test
  void theModelInterfaceDependsOnNoModel() {
    ArchRule rule = noClasses().that().resideInAPackage("io.loanofficer.agent.model..")
        .should().dependOnClassesThat().resideInAnyPackage("io.loanofficer.agent.openai..",
            "io.loanofficer.agent.planner..", "io.loanofficer.agent.kafka..")
        .because("models plug in behind AgentModel, not the other way round");
    rule.check(production);
  }

  @Test
  void theEventContractsAreFrameworkFree() {
    ArchRule rule = noClasses().that().resideInAnyPackage("io.loanofficer.events..", "io.loanofficer.toolspec..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
            "io.loanofficer.agent..", "io.loanofficer.gateway..", "io.loanofficer.tools..", "io.loanofficer.worker..")
        .because("schemas is the contract every service shares; it must not pull a service or a framework in");
    rule.check(production);
  }

  // ADR 25: schemas holds the contracts alone; the code over them lives in modules of its own, above it
  private static final String[] CONTRACTS = {"io.loanofficer.events..", "io.loanofficer.toolspec.."};
  private static final String AUDIT_TRAIL = "io.loanofficer.audit..";
  private static final String PII_MASKING = "io.loanofficer.pii..";
  private static final String NAME_MATCHING = "io.loanofficer.text..";

  @Test
  void theContractsNameNoCodeOverThem() {
    ArchRule rule = noClasses().that().resideInAnyPackage(CONTRACTS)
        .should().dependOnClassesThat().resideInAnyPackage(AUDIT_TRAIL, PII_MASKING, NAME_MATCHING)
        .because("the audit trail, the masker and the name matching depend on the contracts, never the other way "
            + "(ADR 25): a reader of schemas finds the contracts and nothing else");
    rule.check(production);
  }

  @Test
  void theAuditTrailBuildsOnTheContractsAlone() {
    ArchRule rule = noClasses().that().resideInAPackage(AUDIT_TRAIL)
        .should().dependOnClassesThat(resideInAPackage("io.loanofficer..")
            .and(resideOutsideOfPackages(concat(CONTRACTS, AUDIT_TRAIL))))
        .orShould().dependOnClassesThat().resideInAPackage("org.springframework..")
        .because("the chain's hash, reader, verification and transcript are shared by the orchestrator, the gateway, "
            + "the workers, the report and the command-line tools: over the contracts, below every service (ADR 25)");
    rule.check(production);
  }

  @Test
  void theMaskerAndTheNameMatchingArePlainJava() {
    ArchRule masker = classes().that().resideInAPackage(PII_MASKING)
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", PII_MASKING)
        .because("the one text masker runs in the gateway, the orchestrator, the workers and the report (ADR 25)");
    ArchRule names = classes().that().resideInAPackage(NAME_MATCHING)
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", NAME_MATCHING)
        .because("the findBorrowers tool and the planner match names the same way (ADR 25)");
    masker.check(production);
    names.check(production);
  }

  @Test
  void theContractsAndTheCodeOverThemLiveInTheirModules() {
    classes().that().resideInAnyPackage(CONTRACTS).should(comeFromModule("schemas"))
        .because("ADR 25: schemas holds the contracts").check(production);
    classes().that().resideInAPackage(AUDIT_TRAIL).should(comeFromModule("audit-trail"))
        .because("ADR 25: the audit code lives apart from the contracts").check(production);
    classes().that().resideInAPackage(PII_MASKING).should(comeFromModule("pii-masking"))
        .because("ADR 25: the masker lives apart from the contracts").check(production);
    classes().that().resideInAPackage(NAME_MATCHING).should(comeFromModule("name-matching"))
        .because("ADR 25: name matching lives apart from the contracts").check(production);
  }

  @Test
  void lendingToolsDoNotKnowHowTheyAreCalled() {
    ArchRule rule = noClasses().that().resideInAPackage("io.loanofficer.tools..")
        .should().dependOnClassesThat().resideInAnyPackage("io.loanofficer.worker..", "org.apache.kafka..",
            "org.springframework.kafka..")
        .because("the tools are domain code over the database; the worker package is their Kafka edge");
    rule.check(production);
  }

  @Test
  void servicesDoNotReachIntoEachOther() {
    ArchRule gateway = noClasses().that().resideInAPackage("io.loanofficer.gateway..")
        .should().dependOnClassesThat().resideInAnyPackage("io.loanofficer.agent..", "io.loanofficer.tools..",
            "io.loanofficer.worker..", "io.loanofficer.capture..")
        .because("services talk through Kafka topics and the reveal endpoint, never through each other's classes");
    ArchRule orchestrator = noClasses().that().resideInAPackage("io.loanofficer.agent..")
        .should().dependOnClassesThat().resideInAnyPackage("io.loanofficer.gateway..", "io.loanofficer.tools..",
            "io.loanofficer.worker..", "io.loanofficer.capture..");
    ArchRule workers = noClasses().that().resideInAnyPackage("io.loanofficer.tools..", "io.loanofficer.worker..")
        .should().dependOnClassesThat().resideInAnyPackage("io.loanofficer.gateway..", "io.loanofficer.agent..",
            "io.loanofficer.capture..");
    gateway.check(production);
    orchestrator.check(production);
    workers.check(production);
  }

  @Test
  void packagesSayWhatLivesThere() {
    ArchRule rule = classes().should().resideOutsideOfPackages("..util..", "..utils..", "..helper..", "..helpers..",
            "..common..", "..misc..")
        .because("a package is named after what lives there, not after being a grab bag");
    rule.check(production);
  }

  @Test
  void theOrchestratorsPackagesFormNoCycle() {
    slices().matching("io.loanofficer.agent.(*)..").should().beFreeOfCycles().check(production);
  }

  @Test
  void theAuditProjectionsFormNoCycle() {
    slices().matching("io.loanofficer.projection.(*)..").should().beFreeOfCycles().check(production);
  }

  @Test
  void theGatewaysPackagesFormNoCycle() {
    slices().matching("io.loanofficer.gateway.(*)..").should().beFreeOfCycles().check(production);
  }

  @Test
  void theLendingToolsFormNoCycle() {
    slices().matching("io.loanofficer.tools.(*)..").should().beFreeOfCycles().check(production);
  }
}
