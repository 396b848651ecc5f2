package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named results of one benchmark program, kept as a flat JSON object for
 * {@link BenchmarkReport}.
 */
final class ResultSet {

	private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final ObjectNode values;

	ResultSet() {
		this(MAPPER.createObjectNode());
	}

	private ResultSet(ObjectNode values) {
		this.values = values;
	}

	void put(String name, double value) {
		this.values.put(name, value);
		System.out.printf("  %-40s %,.3f%n", name, value);
	}

	void put(String name, String value) {
		this.values.put(name, value);
		System.out.printf("  %-40s %s%n", name, value);
	}

	double number(String name) {
		JsonNode value = this.values.get(name);
		return (value != null && value.isNumber()) ? value.doubleValue() : Double.NaN;
	}

	@Nullable String text(String name) {
		JsonNode value = this.values.get(name);
		return (value != null) ? value.asString() : null;
	}

	void write(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		MAPPER.writeValue(file.toFile(), this.values);
	}

	static ResultSet read(Path file) {
		if (!Files.isRegularFile(file)) {
			return new ResultSet();
		}
		JsonNode node = MAPPER.readTree(file.toFile());
		return new ResultSet(node.isObject() ? (ObjectNode) node : MAPPER.createObjectNode());
	}

}
