package io.github.imds.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import io.github.imds.test.ImdsSimulator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets you trigger IMDS notices on the embedded simulator, to watch the application react:
 * {@code curl -X POST localhost:8080/simulator/spot-interruption}. Answers 404 on a real instance.
 */
@RestController
@RequestMapping("/simulator")
class SimulatorController {

	private final ObjectProvider<ImdsSimulator> simulator;

	SimulatorController(ObjectProvider<ImdsSimulator> simulator) {
		this.simulator = simulator;
	}

	@PostMapping("/spot-interruption")
	ResponseEntity<Map<String, String>> spotInterruption() {
		return apply((imds) -> imds.spotInterruption("terminate", Instant.now().plus(Duration.ofMinutes(2))),
				"spot interruption notice posted: readiness turns OUT_OF_SERVICE at the next poll");
	}

	@PostMapping("/rebalance")
	ResponseEntity<Map<String, String>> rebalance() {
		return apply((imds) -> imds.rebalanceRecommendation(Instant.now()), "rebalance recommendation posted");
	}

	@PostMapping("/target-lifecycle-state/{state}")
	ResponseEntity<Map<String, String>> targetLifecycleState(@PathVariable String state) {
		return apply((imds) -> imds.targetLifecycleState(state), "Auto Scaling target lifecycle state set to " + state);
	}

	@PostMapping("/maintenance")
	ResponseEntity<Map<String, String>> maintenance() {
		Instant start = Instant.now().plus(Duration.ofDays(3));
		return apply((imds) -> imds.scheduledMaintenance("system-reboot", "scheduled reboot", start,
				start.plus(Duration.ofHours(2))), "scheduled maintenance posted (polled every few minutes)");
	}

	private ResponseEntity<Map<String, String>> apply(Consumer<ImdsSimulator> action,
			String message) {
		ImdsSimulator imds = this.simulator.getIfAvailable();
		if (imds == null) {
			return ResponseEntity.notFound().build();
		}
		action.accept(imds);
		return ResponseEntity.ok(Map.of("result", message));
	}

}
