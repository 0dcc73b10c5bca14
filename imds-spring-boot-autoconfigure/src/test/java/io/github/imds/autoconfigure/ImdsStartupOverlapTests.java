package io.github.imds.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.imds.env.Ec2MetadataPropertySource;
import io.github.imds.metadata.InstanceMetadata;
import io.github.imds.test.ImdsSimulator;
import io.github.imds.test.ImdsSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The startup load runs while Spring goes on starting. A gate in front of the simulator holds every metadata
 * GET until the test opens it, so that what Spring does meanwhile is seen without depending on timing: a
 * load that blocked the post-processor would never let the application reach the code that opens the gate.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class ImdsStartupOverlapTests {

	private static final String[] QUIET = { "--imds.credentials.enabled=false", "--imds.lifecycle.enabled=false",
			"--spring.main.banner-mode=off", "--imds.platform-detection=off",
			// long enough that a loaded machine reaches the gate's opener within it
			"--imds.metadata.startup-timeout=40s" };

	@RegisterExtension
	static final ImdsSimulatorExtension simulator = ImdsSimulatorExtension.create();

	private Gate gate;

	@BeforeEach
	void openGate(ImdsSimulator imds) throws IOException {
		this.gate = new Gate(imds.endpointUri());
	}

	@AfterEach
	void closeGate() {
		this.gate.close();
	}

	@Test
	void springPreparesTheContextWhileTheLoadWaitsForImds() {
		AtomicReference<PropertySource<?>> duringLoad = new AtomicReference<>();
		try (ConfigurableApplicationContext context = run((ready) -> {
			this.gate.awaitHeldRequest();
			duringLoad.set(ready.getEnvironment().getPropertySources().get(Ec2MetadataPropertySource.NAME));
			this.gate.open();
		})) {
			assertThat(duringLoad.get()).isInstanceOf(PendingEc2MetadataPropertySource.class);
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
			assertThat(context.getBean(InstanceMetadata.class).size()).isPositive();
			// no bean saw the placeholder: the context waited before making them
			assertThat(context.getBean(SourceSeenByABean.class).source()).isInstanceOf(Ec2MetadataPropertySource.class);
			assertThat(context.getEnvironment().getPropertySources().get(Ec2MetadataPropertySource.NAME))
				.isInstanceOf(Ec2MetadataPropertySource.class);
		}
	}

	@Test
	void aNameOutsideEc2IsAnsweredWithoutWaitingForTheLoad() {
		AtomicReference<String> answered = new AtomicReference<>();
		AtomicReference<PropertySource<?>> afterReads = new AtomicReference<>();
		try (ConfigurableApplicationContext context = run((ready) -> {
			this.gate.awaitHeldRequest();
			ConfigurableEnvironment environment = ready.getEnvironment();
			answered.set(environment.getProperty("spring.application.name", "none"));
			assertThat(environment.containsProperty("imds.endpoint")).isTrue();
			assertThat(environment.getProperty("ec2x.not-ours")).isNull();
			// still the placeholder: none of these reads waited for the load (which would have replaced it)
			afterReads.set(environment.getPropertySources().get(Ec2MetadataPropertySource.NAME));
			this.gate.open();
		})) {
			assertThat(answered.get()).isEqualTo("none");
			assertThat(afterReads.get()).isInstanceOf(PendingEc2MetadataPropertySource.class);
		}
	}

	@Test
	void theFirstEc2ReadWaitsForTheLoadAndLeavesAnEnumerableSource() {
		AtomicReference<String> instanceId = new AtomicReference<>();
		AtomicReference<PropertySource<?>> afterRead = new AtomicReference<>();
		try (ConfigurableApplicationContext context = run((ready) -> {
			this.gate.awaitHeldRequest();
			this.gate.open();
			ConfigurableEnvironment environment = ready.getEnvironment();
			instanceId.set(environment.getProperty("ec2.instance-id"));
			afterRead.set(environment.getPropertySources().get(Ec2MetadataPropertySource.NAME));
		})) {
			assertThat(instanceId.get()).isEqualTo("i-0123456789abcdef0");
			assertThat(afterRead.get()).isInstanceOf(Ec2MetadataPropertySource.class);
		}
	}

	@Test
	void aRunThatFailsBeforeTheLoadEndsClosesItWithoutBlamingImds(CapturedOutput output) throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> run((ready) -> {
			this.gate.awaitHeldRequest();
			throw new IllegalStateException("the application's own failure");
		}).close()).withMessage("the application's own failure");
		this.gate.open();
		awaitNoLoaderThread();
		assertThat(output).doesNotContain("could not be loaded");
		// nothing of the failed run is shared: the next run loads again
		try (ConfigurableApplicationContext context = run((ready) -> {
		})) {
			assertThat(context.getEnvironment().getProperty("ec2.instance-id")).isEqualTo("i-0123456789abcdef0");
		}
		assertThat(this.gate.tokenRequests()).isEqualTo(2);
	}

	private static void awaitNoLoaderThread() throws InterruptedException {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals(ImdsStartupLoad.THREAD_NAME)) {
				thread.join(TimeUnit.SECONDS.toMillis(30));
				assertThat(thread.isAlive()).as("the load ends once its client is closed").isFalse();
			}
		}
	}

	private ConfigurableApplicationContext run(ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		SpringApplication application = new SpringApplication(TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers(initializer);
		String[] args = new String[QUIET.length + 1];
		System.arraycopy(QUIET, 0, args, 0, QUIET.length);
		args[QUIET.length] = "--imds.endpoint=" + this.gate.endpoint();
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		SourceSeenByABean sourceSeenByABean(Environment environment) {
			return new SourceSeenByABean(((ConfigurableEnvironment) environment).getPropertySources()
				.get(Ec2MetadataPropertySource.NAME));
		}

	}

	record SourceSeenByABean(PropertySource<?> source) {
	}

	/**
	 * Forwards to the simulator; token PUTs at once, every other request once {@link #open()} was called.
	 */
	static final class Gate {

		private final URI target;

		private final HttpServer server;

		private final ExecutorService executor = Executors.newCachedThreadPool();

		private final CountDownLatch held = new CountDownLatch(1);

		private final CountDownLatch opened = new CountDownLatch(1);

		private final AtomicInteger tokenRequests = new AtomicInteger();

		Gate(URI target) throws IOException {
			this.target = target;
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.setExecutor(this.executor);
			this.server.createContext("/", this::handle);
			this.server.start();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		void awaitHeldRequest() {
			try {
				assertThat(this.held.await(30, TimeUnit.SECONDS)).as("a metadata request reached the gate").isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		void open() {
			this.opened.countDown();
		}

		int tokenRequests() {
			return this.tokenRequests.get();
		}

		void close() {
			open();
			this.server.stop(0);
			this.executor.shutdownNow();
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				if (exchange.getRequestMethod().equals("PUT")) {
					this.tokenRequests.incrementAndGet();
				}
				else {
					this.held.countDown();
					if (!this.opened.await(30, TimeUnit.SECONDS)) {
						exchange.sendResponseHeaders(503, -1);
						return;
					}
				}
				forward(exchange);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void forward(HttpExchange exchange) throws IOException {
			HttpURLConnection connection = (HttpURLConnection) this.target.resolve(exchange.getRequestURI().toString())
				.toURL()
				.openConnection(Proxy.NO_PROXY);
			connection.setRequestMethod(exchange.getRequestMethod());
			for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
				if (header.getKey().toLowerCase(Locale.ROOT).startsWith("x-aws-ec2-metadata-token")) {
					connection.setRequestProperty(header.getKey(), header.getValue().get(0));
				}
			}
			int status = connection.getResponseCode();
			InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
			byte[] bytes = (body != null) ? body.readAllBytes() : new byte[0];
			String ttl = connection.getHeaderField("X-aws-ec2-metadata-token-ttl-seconds");
			if (ttl != null) {
				exchange.getResponseHeaders().add("X-aws-ec2-metadata-token-ttl-seconds", ttl);
			}
			exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}

	}

}
