package io.loanofficer.tools.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@link ToolTestSupport} test class against the shared {@link PostgresCluster} instead of H2:
 * Flyway applies {@code db/migration/postgresql} and the seed to its empty database, and every
 * inherited assertion runs unchanged. Put it on a subclass of an H2 tool test:
 * {@code @OnPostgres class LoanToolsPostgresTest extends LoanToolsTest {}}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresCluster.Extension.class)
@ContextConfiguration(initializers = PostgresCluster.Initializer.class)
public @interface OnPostgres {
}
