package io.github.imds.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run an {@link ImdsSimulator} for a test class: started once for the class, reset to
 * defaults before each test, stopped after the class, and injectable as a test method,
 * constructor or lifecycle method parameter.
 * <p>
 * On a {@code @SpringBootTest} it also sets {@code imds.endpoint} (the simulator) and
 * {@code imds.platform-detection=off} before any {@code EnvironmentPostProcessor} runs, so
 * the {@code ec2.*} properties are loaded from the simulator. Properties set inline in
 * {@code @SpringBootTest(properties = ...)} win over these. Each annotated class gets its
 * own application context and simulator.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;EnableImdsSimulator
 * class MyTests {
 *
 *     &#64;Test
 *     void spotNotice(ImdsSimulator imds) {
 *         imds.spotInterruption("terminate", Instant.now().plusSeconds(120));
 *     }
 *
 * }
 * </pre>
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 * @see ImdsSimulatorExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ImdsSimulatorExtension.class)
public @interface EnableImdsSimulator {

	/**
	 * Whether the simulator answers requests without a token (IMDSv1) by default.
	 * @return whether IMDSv1 is accepted
	 */
	boolean acceptImdsV1() default false;

	/**
	 * Whether tags are readable from metadata ({@code tags/instance/...}) by default. Off
	 * by default, as on an EC2 instance that has not enabled tags in metadata.
	 * @return whether tags are in metadata
	 */
	boolean tagsInMetadata() default false;

	/**
	 * The instance's {@code instance-life-cycle} ({@code on-demand}, {@code spot}, {@code scheduled}) by
	 * default, as the startup load reads it: {@code spot} for tests of spot notices.
	 * @return the life cycle
	 */
	String lifeCycle() default "on-demand";

	/**
	 * Whether the instance has an instance profile (a role) by default; {@code false} for tests of an instance
	 * without one, as the credentials fetch at startup sees it.
	 * @return whether there is an instance profile
	 */
	boolean instanceProfile() default true;

	/**
	 * The {@code Code} of the role's credentials document by default; another value than {@code Success}
	 * (such as {@code AssumeRoleUnauthorizedAccess}) for tests of a role EC2 cannot assume, as the credentials
	 * fetch at startup sees it.
	 * @return the code
	 */
	String credentialsCode() default "Success";

	/**
	 * The port on {@code 127.0.0.1}; 0 (the default) picks a free one.
	 * @return the port
	 */
	int port() default 0;

}
