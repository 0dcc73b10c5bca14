package io.github.imds.autoconfigure;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runs in one JVM that start at the same moment with the same settings: the second waits for the first
 * one's load instead of starting its own, shares it when it worked, and loads again when it failed, as a run
 * started after it would (a failed load is never shared).
 */
@Timeout(90)
class ImdsStartupLoadConcurrentRunsTests {

	private static final Log logger = LogFactory.getLog(ImdsStartupLoadConcurrentRunsTests.class);

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	private ImdsGate gate;

	@BeforeEach
	void openGate(ImdsSimulator imds) throws IOException {
		this.gate = new ImdsGate(imds.endpointUri());
	}

	@AfterEach
	void closeGate() {
		this.gate.close();
		SharedStartupLoads.clearUnused();
	}

	@Test
	void aRunThatStartsWhileAnEqualLoadRunsSharesItWhenItWorks() throws Exception {
		StandardEnvironment environment = environment();
		ImdsStartupLoad first = obtain(environment);
		this.gate.awaitHeldRequest();
		CompletableFuture<ImdsStartupLoad> second = obtainWhenWaiting(environment);
		this.gate.open();
		ImdsStartupLoad shared = second.get(60, TimeUnit.SECONDS);
		assertThat(shared).isSameAs(first);
		assertThat(shared.metadata().size()).isPositive();
		assertThat(this.gate.tokenRequests()).isOne();
		SharedStartupLoads.release(shared);
		SharedStartupLoads.release(first);
	}

	@Test
	void aRunThatStartsWhileAnEqualLoadRunsLoadsAgainWhenThatOneFails() throws Exception {
		this.gate.failFirstClient();
		StandardEnvironment environment = environment();
		ImdsStartupLoad first = obtain(environment);
		this.gate.awaitHeldRequest();
		CompletableFuture<ImdsStartupLoad> second = obtainWhenWaiting(environment);
		this.gate.open();
		ImdsStartupLoad own = second.get(60, TimeUnit.SECONDS);
		assertThat(first.isFailed()).isTrue();
		assertThat(own).isNotSameAs(first);
		assertThat(own.metadata().size()).as("the second run's own load").isPositive();
		assertThat(this.gate.tokenRequests()).isEqualTo(2);
		SharedStartupLoads.release(own);
		SharedStartupLoads.release(first);
	}

	@Test
	void aRunWaitingForALoadThatItsRunReleasesBeforeItEndsLoadsOnItsOwn() throws Exception {
		StandardEnvironment environment = environment();
		ImdsStartupLoad first = obtain(environment);
		this.gate.awaitHeldRequest();
		CompletableFuture<ImdsStartupLoad> second = obtainWhenWaiting(environment);
		// the first run fails before its load ended: the load is abandoned and its client closed
		SharedStartupLoads.release(first);
		this.gate.open();
		ImdsStartupLoad own = second.get(60, TimeUnit.SECONDS);
		assertThat(own).as("never the abandoned load, whose client is closed").isNotSameAs(first);
		assertThat(own.missingReason()).isNull();
		assertThat(own.metadata().size()).as("the second run's own load").isPositive();
		SharedStartupLoads.release(own);
	}

	@Test
	void aFailFastLoadDoesNotHoldUpARunWithOtherSettings() throws Exception {
		StandardEnvironment failFast = environment();
		failFast.getPropertySources()
			.addFirst(new MapPropertySource("fail-fast", Map.of("imds.fail-fast", "true", "imds.read-timeout", "50s")));
		CompletableFuture<ImdsStartupLoad> first = CompletableFuture.supplyAsync(() -> obtain(failFast));
		this.gate.awaitHeldRequest();
		// other settings: a load of its own, which needs nothing from the fail-fast one
		CompletableFuture<ImdsStartupLoad> other = CompletableFuture.supplyAsync(() -> obtain(environment()));
		try {
			// a hang guard, not a timing: without the lock held it returns at once
			SharedStartupLoads.release(other.get(20, TimeUnit.SECONDS));
		}
		finally {
			this.gate.open();
			SharedStartupLoads.release(first.get(60, TimeUnit.SECONDS));
		}
	}

	/**
	 * Obtains a load on another thread, returning once that thread waits for the running one (it never
	 * returns before the gate opens, since the running load cannot end before).
	 */
	private CompletableFuture<ImdsStartupLoad> obtainWhenWaiting(StandardEnvironment environment)
			throws InterruptedException {
		CompletableFuture<ImdsStartupLoad> result = new CompletableFuture<>();
		AtomicReference<Thread> runner = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(obtain(environment));
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, "second-run");
		runner.set(thread);
		thread.start();
		long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (thread.getState() != Thread.State.WAITING && System.nanoTime() < guard) {
			Thread.sleep(5);
		}
		assertThat(thread.getState()).as("the second run waits for the first one's load").isEqualTo(Thread.State.WAITING);
		assertThat(result).isNotDone();
		return result;
	}

	private static ImdsStartupLoad obtain(StandardEnvironment environment) {
		return SharedStartupLoads.obtain(ImdsClientFactory.bind(environment), Binder.get(environment), logger);
	}

	private StandardEnvironment environment() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("imds.endpoint", this.gate.endpoint(), "imds.platform-detection", "off",
							"imds.max-attempts", "1", "imds.metadata.startup-timeout", "40s")));
		return environment;
	}

}
