package io.github.imds.client;

/**
 * {@link ImdsSettingNames#builderOptions()}: settings named as the builder's methods, with the value as their
 * argument.
 */
final class BuilderOptionNames implements ImdsSettingNames {

	static final BuilderOptionNames INSTANCE = new BuilderOptionNames();

	private BuilderOptionNames() {
	}

	@Override
	public String name(Setting setting) {
		return setting.builderOption() + "(" + setting.parameterType() + ")";
	}

	@Override
	public String assignment(Setting setting, Object value) {
		String argument = (value instanceof Enum<?> constant)
				? constant.getDeclaringClass().getSimpleName() + "." + constant.name() : String.valueOf(value);
		return setting.builderOption() + "(" + argument + ")";
	}

	@Override
	public String toString() {
		return "ImdsSettingNames.builderOptions()";
	}

}
