package io.github.imds.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The shortcuts of {@link ImdsSimulator}: each one calls the method of the same name on a
 * role view ({@link #instance()}, {@link #credentials()}, {@link #notices()},
 * {@link #faults()}, {@link #journal()}) and returns the simulator, so that set-ups chain
 * across roles: {@code imds.region("eu-west-1").role("app").latency(ofMillis(50))}. The
 * views document the behaviour.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public abstract sealed class ImdsSimulatorShortcuts permits ImdsSimulator {

	ImdsSimulatorShortcuts() {
	}

	/**
	 * The instance: meta-data, dynamic data, tags and user data.
	 * @return the instance view
	 */
	public abstract SimulatorInstance instance();

	/**
	 * The instance profile and its role credentials.
	 * @return the credentials view
	 */
	public abstract SimulatorCredentials credentials();

	/**
	 * Spot, rebalance, Auto Scaling and maintenance notices.
	 * @return the notices view
	 */
	public abstract SimulatorNotices notices();

	/**
	 * Errors, throttling, lost token responses, latency and broken bodies.
	 * @return the faults view
	 */
	public abstract SimulatorFaults faults();

	/**
	 * The requests received and the tokens issued.
	 * @return the journal view
	 */
	public abstract SimulatorJournal journal();

	abstract ImdsSimulator self();

	// instance()

	/** Same as {@link SimulatorInstance#metadata(String,String)}, returning this. */
	public final ImdsSimulator metadata(String path, String value) {
		instance().metadata(path, value);
		return self();
	}

	/** Same as {@link SimulatorInstance#removeMetadata(String)}, returning this. */
	public final ImdsSimulator removeMetadata(String path) {
		instance().removeMetadata(path);
		return self();
	}

	/** Same as {@link SimulatorInstance#dynamic(String,String)}, returning this. */
	public final ImdsSimulator dynamic(String path, String value) {
		instance().dynamic(path, value);
		return self();
	}

	/** Same as {@link SimulatorInstance#instanceId(String)}, returning this. */
	public final ImdsSimulator instanceId(String instanceId) {
		instance().instanceId(instanceId);
		return self();
	}

	/** Same as {@link SimulatorInstance#accountId(String)}, returning this. */
	public final ImdsSimulator accountId(String accountId) {
		instance().accountId(accountId);
		return self();
	}

	/** Same as {@link SimulatorInstance#region(String)}, returning this. */
	public final ImdsSimulator region(String region) {
		instance().region(region);
		return self();
	}

	/** Same as {@link SimulatorInstance#availabilityZone(String)}, returning this. */
	public final ImdsSimulator availabilityZone(String zone) {
		instance().availabilityZone(zone);
		return self();
	}

	/** Same as {@link SimulatorInstance#lifeCycle(String)}, returning this. */
	public final ImdsSimulator lifeCycle(String lifeCycle) {
		instance().lifeCycle(lifeCycle);
		return self();
	}

	/** Same as {@link SimulatorInstance#tag(String,String)}, returning this. */
	public final ImdsSimulator tag(String key, String value) {
		instance().tag(key, value);
		return self();
	}

	/** Same as {@link SimulatorInstance#removeTag(String)}, returning this. */
	public final ImdsSimulator removeTag(String key) {
		instance().removeTag(key);
		return self();
	}

	/** Same as {@link SimulatorInstance#tagsInMetadata(boolean)}, returning this. */
	public final ImdsSimulator tagsInMetadata(boolean enabled) {
		instance().tagsInMetadata(enabled);
		return self();
	}

	/** Same as {@link SimulatorInstance#userData(String)}, returning this. */
	public final ImdsSimulator userData(@Nullable String userData) {
		instance().userData(userData);
		return self();
	}

	/** Same as {@link SimulatorInstance#userData(byte[])}, returning this. */
	public final ImdsSimulator userData(byte @Nullable [] userData) {
		instance().userData(userData);
		return self();
	}

	// credentials()

	/** Same as {@link SimulatorCredentials#noInstanceProfile()}, returning this. */
	public final ImdsSimulator noInstanceProfile() {
		credentials().noInstanceProfile();
		return self();
	}

	/** Same as {@link SimulatorCredentials#role(String)}, returning this. */
	public final ImdsSimulator role(String name) {
		credentials().role(name);
		return self();
	}

	/** Same as {@link SimulatorCredentials#code(String,String)}, returning this. */
	public final ImdsSimulator credentialsCode(@Nullable String code, @Nullable String message) {
		credentials().code(code, message);
		return self();
	}

	/** Same as {@link SimulatorCredentials#extendedPath(boolean)}, returning this. */
	public final ImdsSimulator extendedCredentialsPath(boolean enabled) {
		credentials().extendedPath(enabled);
		return self();
	}

	/** Same as {@link SimulatorCredentials#lifetime(Duration)}, returning this. */
	public final ImdsSimulator credentialsLifetime(Duration lifetime) {
		credentials().lifetime(lifetime);
		return self();
	}

	/** Same as {@link SimulatorCredentials#rotation(Duration)}, returning this. */
	public final ImdsSimulator credentialsRotation(Duration rotation) {
		credentials().rotation(rotation);
		return self();
	}

	// notices()

	/** Same as {@link SimulatorNotices#spotInterruption(String,Instant)}, returning this. */
	public final ImdsSimulator spotInterruption(String action, Instant time) {
		notices().spotInterruption(action, time);
		return self();
	}

	/** Same as {@link SimulatorNotices#clearSpotInterruption()}, returning this. */
	public final ImdsSimulator clearSpotInterruption() {
		notices().clearSpotInterruption();
		return self();
	}

	/** Same as {@link SimulatorNotices#rebalanceRecommendation(Instant)}, returning this. */
	public final ImdsSimulator rebalanceRecommendation(@Nullable Instant noticeTime) {
		notices().rebalanceRecommendation(noticeTime);
		return self();
	}

	/** Same as {@link SimulatorNotices#targetLifecycleState(String)}, returning this. */
	public final ImdsSimulator targetLifecycleState(@Nullable String state) {
		notices().targetLifecycleState(state);
		return self();
	}

	/** Same as {@link SimulatorNotices#scheduledMaintenance(String,String,Instant,Instant)}, returning this. */
	public final ImdsSimulator scheduledMaintenance(String code, String description, Instant notBefore, Instant notAfter) {
		notices().scheduledMaintenance(code, description, notBefore, notAfter);
		return self();
	}

	/** Same as {@link SimulatorNotices#clearScheduledMaintenance()}, returning this. */
	public final ImdsSimulator clearScheduledMaintenance() {
		notices().clearScheduledMaintenance();
		return self();
	}

	// faults()

	/** Same as {@link SimulatorFaults#latency(Duration)}, returning this. */
	public final ImdsSimulator latency(Duration latency) {
		faults().latency(latency);
		return self();
	}

	/** Same as {@link SimulatorFaults#failNext(int,int)}, returning this. */
	public final ImdsSimulator failNext(int count, int status) {
		faults().failNext(count, status);
		return self();
	}

	/** Same as {@link SimulatorFaults#failNext(int,int,String)}, returning this. */
	public final ImdsSimulator failNext(int count, int status, String pathPrefix) {
		faults().failNext(count, status, pathPrefix);
		return self();
	}

	/** Same as {@link SimulatorFaults#throttleAbove(int)}, returning this. */
	public final ImdsSimulator throttleAbove(int requestsPerSecond) {
		faults().throttleAbove(requestsPerSecond);
		return self();
	}

	/** Same as {@link SimulatorFaults#resetConnectionNext(int)}, returning this. */
	public final ImdsSimulator resetConnectionNext(int count) {
		faults().resetConnectionNext(count);
		return self();
	}

	/** Same as {@link SimulatorFaults#dropTokenResponses(boolean)}, returning this. */
	public final ImdsSimulator dropTokenResponses(boolean drop) {
		faults().dropTokenResponses(drop);
		return self();
	}

	/** Same as {@link SimulatorFaults#malformedJson(String)}, returning this. */
	public final ImdsSimulator malformedJson(String path) {
		faults().malformedJson(path);
		return self();
	}

	/** Same as {@link SimulatorFaults#oversizedBody(String,int)}, returning this. */
	public final ImdsSimulator oversizedBody(String path, int bytes) {
		faults().oversizedBody(path, bytes);
		return self();
	}

	/** Same as {@link SimulatorFaults#slowBody(String,Duration)}, returning this. */
	public final ImdsSimulator slowBody(String path, Duration total) {
		faults().slowBody(path, total);
		return self();
	}

	/** Same as {@link SimulatorFaults#emptyBody(String)}, returning this. */
	public final ImdsSimulator emptyBody(String path) {
		faults().emptyBody(path);
		return self();
	}

	/** Same as {@link SimulatorFaults#redirect(String,int,String)}, returning this. */
	public final ImdsSimulator redirect(String path, int status, String location) {
		faults().redirect(path, status, location);
		return self();
	}

	/** Same as {@link SimulatorFaults#invalidUtf8(String) faults().invalidUtf8(...)}, returning this simulator. */
	public final ImdsSimulator invalidUtf8(String path) {
		faults().invalidUtf8(path);
		return self();
	}

	/** Same as {@link SimulatorFaults#clear()}, returning this. */
	public final ImdsSimulator clearFaults() {
		faults().clear();
		return self();
	}

	// journal()

	/** Same as {@link SimulatorJournal#reset()}, returning this. */
	public final ImdsSimulator resetJournal() {
		journal().reset();
		return self();
	}

	/** Same as {@link SimulatorCredentials#role()}: the role name, or {@code null} without an instance profile. */
	public final @Nullable String role() {
		return credentials().role();
	}

	/** Same as {@link SimulatorCredentials#issued()}: the sets issued since the last reset. */
	public final int credentialsIssued() {
		return credentials().issued();
	}

	/** Same as {@link SimulatorJournal#requests()}: the requests received since the last reset, oldest first. */
	public final List<ImdsRequest> requests() {
		return journal().requests();
	}

	/** Same as {@link SimulatorJournal#count(String, String)}: the count of requests with this method and path. */
	public final long count(String method, String path) {
		return journal().count(method, path);
	}

	/** Same as {@link SimulatorJournal#countMatching(Predicate)}: the count of requests that match. */
	public final long countMatching(Predicate<ImdsRequest> predicate) {
		return journal().countMatching(predicate);
	}

	/** Same as {@link SimulatorJournal#tokenPuts()}: the count of token requests received. */
	public final long tokenPuts() {
		return journal().tokenPuts();
	}

	/** Same as {@link SimulatorJournal#tokensIssued()}: the count of tokens issued since the last reset. */
	public final int tokensIssued() {
		return journal().tokensIssued();
	}

}
