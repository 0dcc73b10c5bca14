package io.github.imds.test;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EnableImdsSimulator} and {@link ImdsSimulatorExtension} declared by
 * annotation.
 */
@EnableImdsSimulator
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImdsSimulatorExtensionTests {

	private static ImdsSimulator fromBeforeAll;

	private final ImdsSimulator fromConstructor;

	ImdsSimulatorExtensionTests(ImdsSimulator simulator) {
		this.fromConstructor = simulator;
	}

	@BeforeAll
	static void captureSimulator(ImdsSimulator simulator) {
		fromBeforeAll = simulator;
		assertThat(simulator.isRunning()).isTrue();
	}

	@AfterAll
	static void simulatorStillRunningInAfterAll(ImdsSimulator simulator) {
		assertThat(simulator).isSameAs(fromBeforeAll);
	}

	@Test
	@Order(1)
	void parameterIsTheRunningSimulatorOfTheClass(ImdsSimulator simulator) throws Exception {
		assertThat(simulator).isSameAs(fromBeforeAll).isSameAs(this.fromConstructor);
		assertThat(new ImdsHttp(simulator.endpoint()).body("instance-id")).isEqualTo("i-0123456789abcdef0");
		simulator.instanceId("i-0ffffffffffffffff").acceptImdsV1(true);
	}

	@Test
	@Order(2)
	void stateIsResetBeforeEachTest(ImdsSimulator simulator) throws Exception {
		ImdsHttp http = new ImdsHttp(simulator.endpoint());
		assertThat(simulator.requests()).isEmpty();
		assertThat(http.get("instance-id", null).statusCode()).isEqualTo(401);
		assertThat(http.body("instance-id")).isEqualTo("i-0123456789abcdef0");
	}

	@Test
	@Order(3)
	void registryHoldsTheSimulatorOfTheAnnotatedClass(ImdsSimulator simulator) {
		assertThat(ImdsSimulatorRegistry.find(ImdsSimulatorExtensionTests.class)).isSameAs(simulator);
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassSharesTheSimulator(ImdsSimulator simulator) {
			assertThat(simulator).isSameAs(fromBeforeAll);
			assertThat(simulator.isRunning()).isTrue();
		}

	}

}
