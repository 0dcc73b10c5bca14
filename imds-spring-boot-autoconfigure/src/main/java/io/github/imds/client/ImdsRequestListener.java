package io.github.imds.client;

/**
 * Sees every HTTP request an {@link ImdsClient} makes, on the requesting thread. Must be quick and must not
 * throw; an exception it throws is ignored.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ImdsRequestListener {

	/**
	 * Called after each exchange, including each retry.
	 * @param event the exchange
	 */
	void onRequest(ImdsRequestEvent event);

}
