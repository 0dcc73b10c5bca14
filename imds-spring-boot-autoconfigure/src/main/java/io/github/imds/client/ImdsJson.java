package io.github.imds.client;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a JSON value from an IMDS response: an object, an array, a string, a number, a boolean
 * or {@code null}. Numbers keep the text IMDS sent. Its {@link #toString()} shows the kind and size, never a
 * value, which may be a secret.
 *
 * @since 0.1.0
 * @see ImdsResponse#asJson()
 */
public final class ImdsJson implements Iterable<ImdsJson> {

	static final ImdsJson NULL = new ImdsJson(Kind.NULL, null, null, null);

	private final Kind kind;

	private final @Nullable String text;

	private final @Nullable Map<String, ImdsJson> properties;

	private final @Nullable List<ImdsJson> elements;

	private ImdsJson(Kind kind, @Nullable String text, @Nullable Map<String, ImdsJson> properties,
			@Nullable List<ImdsJson> elements) {
		this.kind = kind;
		this.text = text;
		this.properties = properties;
		this.elements = elements;
	}

	static ImdsJson object(LinkedHashMap<String, ImdsJson> properties) {
		return new ImdsJson(Kind.OBJECT, null, Collections.unmodifiableMap(properties), null);
	}

	static ImdsJson array(List<ImdsJson> elements) {
		return new ImdsJson(Kind.ARRAY, null, null, List.copyOf(elements));
	}

	static ImdsJson scalar(Kind kind, String text) {
		return new ImdsJson(kind, text, null, null);
	}

	/**
	 * Whether this is a JSON object.
	 * @return whether this is an object
	 */
	public boolean isObject() {
		return this.kind == Kind.OBJECT;
	}

	/**
	 * Whether this is a JSON array.
	 * @return whether this is an array
	 */
	public boolean isArray() {
		return this.kind == Kind.ARRAY;
	}

	/**
	 * Whether this is a JSON string.
	 * @return whether this is a string
	 */
	public boolean isString() {
		return this.kind == Kind.STRING;
	}

	/**
	 * Whether this is a JSON number.
	 * @return whether this is a number
	 */
	public boolean isNumber() {
		return this.kind == Kind.NUMBER;
	}

	/**
	 * Whether this is {@code true} or {@code false}.
	 * @return whether this is a boolean
	 */
	public boolean isBoolean() {
		return this.kind == Kind.BOOLEAN;
	}

	/**
	 * Whether this is JSON {@code null}.
	 * @return whether this is null
	 */
	public boolean isNull() {
		return this.kind == Kind.NULL;
	}

	/**
	 * Whether this is neither an object nor an array.
	 * @return whether this is a scalar or null
	 */
	public boolean isValueNode() {
		return this.kind != Kind.OBJECT && this.kind != Kind.ARRAY;
	}

	/**
	 * The text of a string, a number (as sent) or a boolean; empty for {@code null}, objects and arrays.
	 * @return the text
	 */
	public String asString() {
		return (this.text != null) ? this.text : "";
	}

	/**
	 * A property of an object.
	 * @param name the property name
	 * @return the value, or {@code null} when this is not an object or has no such property
	 */
	public @Nullable ImdsJson get(String name) {
		return (this.properties != null) ? this.properties.get(name) : null;
	}

	/**
	 * An element of an array.
	 * @param index the index
	 * @return the element, or {@code null} when this is not an array or is shorter
	 */
	public @Nullable ImdsJson get(int index) {
		return (this.elements != null && index >= 0 && index < this.elements.size()) ? this.elements.get(index) : null;
	}

	/**
	 * The properties of an object, in document order.
	 * @return the properties, empty when this is not an object
	 */
	public Set<Map.Entry<String, ImdsJson>> properties() {
		return (this.properties != null) ? this.properties.entrySet() : Set.of();
	}

	/**
	 * The elements of an array, or the property values of an object, in document order.
	 * @return the values, empty for a scalar
	 */
	public List<ImdsJson> values() {
		if (this.elements != null) {
			return this.elements;
		}
		return (this.properties != null) ? List.copyOf(this.properties.values()) : List.of();
	}

	/**
	 * The number of elements or properties.
	 * @return the size, 0 for a scalar
	 */
	public int size() {
		return values().size();
	}

	@Override
	public Iterator<ImdsJson> iterator() {
		return values().iterator();
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof ImdsJson other) && this.kind == other.kind && Objects.equals(this.text, other.text)
				&& Objects.equals(this.properties, other.properties)
				&& Objects.equals(this.elements, other.elements);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.text, this.properties, this.elements);
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case OBJECT, ARRAY -> "ImdsJson[%s, size=%d]".formatted(this.kind.name().toLowerCase(Locale.ROOT),
					size());
			default -> "ImdsJson[" + this.kind.name().toLowerCase(Locale.ROOT) + "]";
		};
	}

	enum Kind {

		OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL

	}

}
