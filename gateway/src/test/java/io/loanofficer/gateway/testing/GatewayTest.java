package io.loanofficer.gateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The gateway alone on a random port with an embedded KRaft broker carrying the catalogue's topics,
 * tokens from {@link TestTokens} (issuer and audience checked, no clock skew) and small limits;
 * {@link GatewayUnderTest} is the test's handle on it. Classes with exactly these annotations share
 * one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=gateway",
    "gateway.instance-id=gw-test",
    "gateway.jwt-secret=" + TestTokens.SECRET,
    "gateway.security.issuer=" + TestTokens.ISSUER,
    "gateway.security.audience=" + TestTokens.AUDIENCE,
    "gateway.security.clock-skew=0s",
    "gateway.max-frame-bytes=1024",
    "gateway.limits.frames-per-period=8",
    "gateway.limits.rate-period=1m",
    "gateway.limits.max-turns-in-flight=3",
    "spring.kafka.consumer.properties.metadata.max.age.ms=1000"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers",
    brokerProperties = {"auto.create.topics.enable=false", "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1", "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
@Import({KafkaTopics.class, GatewayUnderTest.class})
public @interface GatewayTest {}
