package io.github.imds.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ImdsJson}: what each kind of value says it is, and how objects, arrays and scalars answer
 * the same questions.
 */
class ImdsJsonTests {

	private static ImdsJson json(String text) {
		return ImdsResponse.of("/latest/dynamic/instance-identity/document", text).asJson();
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(delimiter = '|', textBlock = """
			{"a":1}  | object  | ''
			[1,2]    | array   | ''
			"text"   | string  | text
			12.50    | number  | 12.50
			-3       | number  | -3
			true     | boolean | true
			false    | boolean | false
			null     | null    | ''
			""")
	void kindIsTheKindOfTheValue(String text, String kind, String asString) {
		ImdsJson value = json(text);
		assertThat(value.isObject()).isEqualTo(kind.equals("object"));
		assertThat(value.isArray()).isEqualTo(kind.equals("array"));
		assertThat(value.isString()).isEqualTo(kind.equals("string"));
		assertThat(value.isNumber()).isEqualTo(kind.equals("number"));
		assertThat(value.isBoolean()).isEqualTo(kind.equals("boolean"));
		assertThat(value.isNull()).isEqualTo(kind.equals("null"));
		assertThat(value.isValueNode()).isEqualTo(!kind.equals("object") && !kind.equals("array"));
		assertThat(value.asString()).isEqualTo(asString);
		assertThat(value.toString()).startsWith("ImdsJson[" + kind);
	}

	@Test
	void arrayGivesItsElementsByIndexAndInOrder() {
		ImdsJson array = json("[\"a\",\"b\",\"c\"]");
		assertThat(array.get(0).asString()).isEqualTo("a");
		assertThat(array.get(2).asString()).isEqualTo("c");
		assertThat(array.get(3)).isNull();
		assertThat(array.get(-1)).isNull();
		assertThat(array.get("a")).isNull();
		assertThat(array.size()).isEqualTo(3);
		assertThat(array.properties()).isEmpty();
		List<String> iterated = new ArrayList<>();
		array.forEach((element) -> iterated.add(element.asString()));
		assertThat(iterated).containsExactly("a", "b", "c");
		assertThat(array).hasToString("ImdsJson[array, size=3]");
	}

	@Test
	void objectGivesItsPropertiesAndValuesInDocumentOrder() {
		ImdsJson object = json("{\"z\":\"1\",\"a\":\"2\"}");
		assertThat(object.get(0)).isNull();
		assertThat(object.get("z").asString()).isEqualTo("1");
		assertThat(object.get("missing")).isNull();
		assertThat(object.values()).extracting(ImdsJson::asString).containsExactly("1", "2");
		assertThat(object.properties()).extracting(Map.Entry::getKey).containsExactly("z", "a");
		assertThat(object.size()).isEqualTo(2);
		assertThat(object.iterator().next().asString()).isEqualTo("1");
	}

	@Test
	void scalarHasNoChildren() {
		ImdsJson scalar = json("\"v\"");
		assertThat(scalar.get("v")).isNull();
		assertThat(scalar.get(0)).isNull();
		assertThat(scalar.values()).isEmpty();
		assertThat(scalar.properties()).isEmpty();
		assertThat(scalar.size()).isZero();
		assertThat(scalar.iterator().hasNext()).isFalse();
		assertThat(scalar).hasToString("ImdsJson[string]");
	}

	@Test
	void equalValuesAreEqualWhateverTheirSpacing() {
		ImdsJson one = json("{\"a\":[1,\"x\",true,null],\"b\":{\"c\":\"d\"}}");
		ImdsJson same = json(" { \"a\" : [ 1 , \"x\" , true , null ] , \"b\" : { \"c\" : \"d\" } } ");
		assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
		assertThat(one).isNotEqualTo(json("{\"a\":[1,\"x\",true,null],\"b\":{\"c\":\"e\"}}"));
		assertThat(json("1")).isNotEqualTo(json("\"1\""));
		assertThat(json("[\"1\"]")).isNotEqualTo(json("{\"0\":\"1\"}"));
		assertThat(json("[1]")).isNotEqualTo(json("[2]"));
		assertThat(json("true")).isNotEqualTo("true");
		// values that differ only in their text hash apart
		assertThat(json("\"1\"").hashCode()).isNotEqualTo(json("\"2\"").hashCode());
	}

	@Test
	void readOfNothingButWhitespaceIsNotADocument() {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> JsonTreeReader.read(" \n\t "))
			.withMessageContaining("No JSON content");
	}

	@Test
	void readOfTwoDocumentsIsRefused() {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> JsonTreeReader.read("{} 1"))
			.withMessageContaining("Content after the JSON document");
	}

}
