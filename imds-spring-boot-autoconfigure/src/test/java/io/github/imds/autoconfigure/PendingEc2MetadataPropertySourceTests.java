package io.github.imds.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which names make {@link PendingEc2MetadataPropertySource} wait for the startup load: {@code ec2} itself and
 * every name below it, as Spring Boot's binder asks for them, and nothing else.
 */
class PendingEc2MetadataPropertySourceTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "ec2, true", "ec2.instance-id, true", "ec2.tags.Name, true", "ec2[0], true", "ec2., true",
			"ec2x, false", "ec22.instance-id, false", "ec, false", "'', false", "spring.ec2.instance-id, false",
			"EC2.instance-id, false", "imds.endpoint, false", "spring.main.banner-mode, false" })
	void waitsOnlyForEc2Names(String name, boolean waits) {
		assertThat(PendingEc2MetadataPropertySource.isEc2Name(name)).isEqualTo(waits);
	}

}
