package io.github.imds.test;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension running an {@link ImdsSimulator}. Declared through
 * {@link EnableImdsSimulator}, or registered in a field:
 * <pre class="code">
 * &#64;RegisterExtension
 * static ImdsSimulatorExtension imds = ImdsSimulatorExtension.create();
 * </pre>
 * In a static field (or through the annotation) one simulator serves the whole class; in
 * an instance field each test gets its own. Either way the simulator is reset to its
 * defaults before each test, can be injected as an {@link ImdsSimulator} parameter, and
 * is stopped at the end.
 *
 * @author imds-spring-boot contributors
 * @since 0.1.0
 */
public final class ImdsSimulatorExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

	private final @Nullable ImdsSimulatorBuilder builder;

	private final boolean resetBeforeEach;

	private volatile @Nullable ImdsSimulator simulator;

	private volatile boolean perTest;

	/**
	 * Create an extension for {@link EnableImdsSimulator}; use {@link #create()} or
	 * {@link #builder()} in code.
	 */
	public ImdsSimulatorExtension() {
		this(null, true);
	}

	private ImdsSimulatorExtension(@Nullable ImdsSimulatorBuilder builder, boolean resetBeforeEach) {
		this.builder = builder;
		this.resetBeforeEach = resetBeforeEach;
	}

	/**
	 * Create an extension with a default simulator.
	 * @return the extension
	 */
	public static ImdsSimulatorExtension create() {
		return builder().build();
	}

	/**
	 * Create a builder for an extension.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The simulator of a registered extension.
	 * @return the running simulator
	 * @throws IllegalStateException outside of the tests of the registering class
	 */
	public ImdsSimulator simulator() {
		ImdsSimulator current = this.simulator;
		if (current == null) {
			throw new IllegalStateException("The ImdsSimulator is not running: it is available during tests");
		}
		return current;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.builder == null) {
			ImdsSimulatorRegistry.acquire(owner(context));
		}
		else if (this.simulator == null) {
			this.simulator = this.builder.build().start();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		ImdsSimulator current = (this.builder != null) ? this.simulator : ImdsSimulatorRegistry.obtain(owner(context));
		if (current == null && this.builder != null) {
			// an instance field: no beforeAll, so one simulator per test
			current = this.builder.build().start();
			this.simulator = current;
			this.perTest = true;
		}
		else if (current != null && this.resetBeforeEach) {
			current.reset();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		ImdsSimulator current = this.simulator;
		if (this.perTest && current != null) {
			current.close();
			this.simulator = null;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.builder == null) {
			Class<?> owner = owner(context);
			// nested classes share the simulator of the annotated class, which stops it
			if (owner == context.getRequiredTestClass()) {
				ImdsSimulatorRegistry.stop(owner);
			}
			return;
		}
		ImdsSimulator current = this.simulator;
		if (current != null && context.getParent().flatMap(ExtensionContext::getParent).isEmpty()) {
			current.close();
			this.simulator = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ImdsSimulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		if (this.builder != null) {
			return simulator();
		}
		return ImdsSimulatorRegistry.obtain(owner(extensionContext));
	}

	private static Class<?> owner(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		Class<?> owner = ImdsSimulatorRegistry.ownerOf(testClass);
		return (owner != null) ? owner : testClass;
	}

	/**
	 * Builder for an {@link ImdsSimulatorExtension}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private ImdsSimulatorBuilder simulator = ImdsSimulator.builder();

		private boolean resetBeforeEach = true;

		private Builder() {
		}

		/**
		 * The simulator to run, for a fixed port, a clock or default state.
		 * @param simulator the simulator builder
		 * @return this builder
		 */
		public Builder simulator(ImdsSimulatorBuilder simulator) {
			this.simulator = simulator;
			return this;
		}

		/**
		 * Whether to reset the simulator before each test (true by default).
		 * @param reset whether to reset
		 * @return this builder
		 */
		public Builder resetBeforeEach(boolean reset) {
			this.resetBeforeEach = reset;
			return this;
		}

		/**
		 * Build the extension.
		 * @return the extension
		 */
		public ImdsSimulatorExtension build() {
			return new ImdsSimulatorExtension(this.simulator, this.resetBeforeEach);
		}

	}

}
