package io.github.imds.sample;

import java.util.LinkedHashMap;

import io.github.imds.test.ImdsSimulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * A small web application that uses the imds-spring-boot starter.
 * <p>
 * Unless started with {@code --sample.simulator=false} (what you do on a real EC2 instance), it first starts
 * the embedded IMDS simulator on loopback and points the starter at it, so that it runs the same on a laptop
 * as on EC2 and never contacts the real metadata address from a development machine.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		ImdsSimulator simulator = useSimulator(args) ? startSimulator() : null;
		if (simulator != null) {
			// Default properties are read by the starter's EnvironmentPostProcessor, unlike beans or
			// @DynamicPropertySource, which come too late for the ec2.* properties.
			application.setDefaultProperties(new LinkedHashMap<>(simulator.properties()));
			application.addInitializers((context) -> {
				context.getBeanFactory().registerSingleton("imdsSimulator", simulator);
				context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> simulator.close());
			});
		}
		try {
			application.run(args);
		}
		catch (RuntimeException ex) {
			if (simulator != null) {
				simulator.close();
			}
			throw ex;
		}
	}

	private static boolean useSimulator(String[] args) {
		SimpleCommandLinePropertySource commandLine = new SimpleCommandLinePropertySource(args);
		String value = commandLine.getProperty("sample.simulator");
		if (value == null) {
			value = System.getProperty("sample.simulator", System.getenv().getOrDefault("SAMPLE_SIMULATOR", "true"));
		}
		return !"false".equalsIgnoreCase(value);
	}

	private static ImdsSimulator startSimulator() {
		int port = Integer.parseInt(System.getProperty("sample.simulator.port", "0"));
		// A spot instance, so that the lifecycle poller watches the spot paths (see SimulatorController), with
		// tags in metadata (off by default, as on EC2) so that ec2.tags.instance.* shows.
		ImdsSimulator simulator = ImdsSimulator.builder()
			.port(port)
			.tagsInMetadata(true)
			.configure((imds) -> imds.lifeCycle("spot"))
			.build()
			.start();
		System.out.println("Started the embedded IMDS simulator at " + simulator.endpoint()
				+ " (run with --sample.simulator=false on a real EC2 instance)");
		return simulator;
	}


}
