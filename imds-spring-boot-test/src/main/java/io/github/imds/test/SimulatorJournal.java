package io.github.imds.test;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The requests an {@link ImdsSimulator} received ({@link ImdsSimulator#journal()}), oldest
 * first, and the tokens it issued. The journal records method, path, status and whether
 * a token was sent, never the token or a body.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class SimulatorJournal {

	private final Journal journal;

	private final Tokens tokens;

	SimulatorJournal(Journal journal, Tokens tokens) {
		this.journal = journal;
		this.tokens = tokens;
	}

	/**
	 * The requests received since the last reset, oldest first.
	 * @return an immutable list of requests
	 */
	public List<ImdsRequest> requests() {
		return this.journal.requests();
	}

	/**
	 * Count the requests with a method and path.
	 * @param method the method, such as {@code GET}
	 * @param path the absolute path, or one relative to {@code /latest/meta-data/}
	 * @return the count
	 */
	public long count(String method, String path) {
		String absolute = InstanceModel.absolute(path, InstanceModel.META);
		return countMatching((request) -> request.method().equals(method) && request.path().equals(absolute));
	}

	/**
	 * Count the requests that match a predicate.
	 * @param predicate the predicate
	 * @return the count
	 */
	public long countMatching(Predicate<ImdsRequest> predicate) {
		return this.journal.requests().stream().filter(predicate).count();
	}

	/**
	 * Count the token requests received, answered or not.
	 * @return the count
	 */
	public long tokenPuts() {
		return countMatching(ImdsRequest::isTokenRequest);
	}

	/**
	 * Count the tokens issued since the last reset.
	 * @return the count
	 */
	public int tokensIssued() {
		return this.tokens.issued();
	}

	/**
	 * Call a listener for every request from now on, after it was answered (the
	 * standalone simulator's request log). Listeners survive {@link #reset()}.
	 * @param listener the listener, called on a server thread
	 * @return this view
	 */
	public SimulatorJournal listen(Consumer<ImdsRequest> listener) {
		this.journal.listen(listener);
		return this;
	}

	/**
	 * Clear the journal and the token count.
	 * @return this view
	 */
	public SimulatorJournal reset() {
		this.journal.clear();
		this.tokens.resetCount();
		return this;
	}

}
