package io.github.imds.test;

import java.util.List;
import java.util.function.Predicate;

/**
 * The shortcuts of {@link ImdsSimulator} for the requests received and the tokens issued:
 * each one calls the method of the same name on {@link #journal()} and returns the
 * simulator, so that set-ups chain across roles:
 * {@code imds.region("eu-west-1").role("app").latency(ofMillis(50))}. {@link SimulatorJournal}
 * documents the behaviour.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public sealed interface SimulatorJournalShortcuts permits ImdsSimulator {

	/**
	 * The requests received and the tokens issued.
	 * @return the journal view
	 */
	SimulatorJournal journal();

	/** Same as {@link SimulatorJournal#reset()}, returning this. */
	default ImdsSimulator resetJournal() {
		journal().reset();
		return simulator();
	}

	/** Same as {@link SimulatorJournal#requests()}: the requests received since the last reset, oldest first. */
	default List<ImdsRequest> requests() {
		return journal().requests();
	}

	/** Same as {@link SimulatorJournal#count(String, String)}: the count of requests with this method and path. */
	default long count(String method, String path) {
		return journal().count(method, path);
	}

	/** Same as {@link SimulatorJournal#countMatching(Predicate)}: the count of requests that match. */
	default long countMatching(Predicate<ImdsRequest> predicate) {
		return journal().countMatching(predicate);
	}

	/** Same as {@link SimulatorJournal#tokenPuts()}: the count of token requests received. */
	default long tokenPuts() {
		return journal().tokenPuts();
	}

	/** Same as {@link SimulatorJournal#tokensIssued()}: the count of tokens issued since the last reset. */
	default int tokensIssued() {
		return journal().tokensIssued();
	}

	private ImdsSimulator simulator() {
		return (ImdsSimulator) this;
	}

}
