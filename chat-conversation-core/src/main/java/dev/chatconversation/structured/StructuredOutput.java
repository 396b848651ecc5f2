package dev.chatconversation.structured;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.structured.StructuredOutputException.Kind;
import tools.jackson.databind.node.ObjectNode;

/**
 * A structured output of type {@code T}: the {@code response_format} that asks for it and
 * the reading of the reply into a {@code T}.
 *
 * <p>
 * It works with a conversation ({@code turn(text).object(type)}) or with the bare client:
 *
 * <pre class="code">
 * StructuredOutput&lt;Weather&gt; output = StructuredOutput.of(Weather.class);
 * client.create(request.mutate().responseFormat(output.responseFormat()).build())
 * 	.map(output::read);
 * </pre>
 *
 * Instances are immutable and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class StructuredOutput<T> {

	private static final Pattern CODE_FENCE = Pattern.compile("^```[a-zA-Z]*\\s*(.*?)\\s*```$", Pattern.DOTALL);

	private final Class<T> type;

	private final OutputMode mode;

	private final ObjectNode schema;

	private StructuredOutput(Class<T> type, OutputMode mode) {
		this.type = Objects.requireNonNull(type, "type");
		this.mode = Objects.requireNonNull(mode, "mode");
		this.schema = JsonSchemas.strict(type);
	}

	/**
	 * A structured output requested with a strict JSON schema.
	 * @param <T> the type of the value
	 * @param type the type, usually a record
	 * @return the structured output
	 * @throws IllegalArgumentException if the type has no strict schema (see
	 * {@link JsonSchemas})
	 */
	public static <T> StructuredOutput<T> of(Class<T> type) {
		return new StructuredOutput<>(type, OutputMode.JSON_SCHEMA);
	}

	/**
	 * A structured output requested in the given mode.
	 * @param <T> the type of the value
	 * @param type the type, usually a record
	 * @param mode how to ask for it
	 * @return the structured output
	 * @throws IllegalArgumentException if the type has no strict schema
	 */
	public static <T> StructuredOutput<T> of(Class<T> type, OutputMode mode) {
		return new StructuredOutput<>(type, mode);
	}

	/**
	 * The type of the value.
	 * @return the type
	 */
	public Class<T> type() {
		return this.type;
	}

	/**
	 * How the output is requested.
	 * @return the mode
	 */
	public OutputMode mode() {
		return this.mode;
	}

	/**
	 * The strict JSON schema of the type.
	 * @return a copy of the schema
	 */
	public ObjectNode schema() {
		return this.schema.deepCopy();
	}

	/**
	 * The {@code response_format} to send: {@code json_schema} named after the type, with
	 * {@code strict: true}, or {@code json_object}.
	 * @return the response format
	 */
	public ResponseFormat responseFormat() {
		if (this.mode == OutputMode.JSON_OBJECT) {
			return ResponseFormat.jsonObject();
		}
		return ResponseFormat.jsonSchema(JsonSchemas.name(this.type), this.schema, true);
	}

	/**
	 * The user's text as it should be sent: unchanged with a schema, followed by the
	 * schema and the instruction to answer with JSON in {@link OutputMode#JSON_OBJECT}
	 * mode.
	 * @param text the user's text
	 * @return the text to send
	 */
	public String prompt(String text) {
		if (this.mode == OutputMode.JSON_SCHEMA) {
			return text;
		}
		return text + "\n\nAnswer with one JSON object, and nothing else, that follows this JSON schema:\n"
				+ this.schema;
	}

	/**
	 * Reads the reply of a response.
	 * @param completion the response
	 * @return the value
	 * @throws StructuredOutputException if the model refused, the reply was truncated, or
	 * it is not JSON matching the type
	 */
	public T read(ChatCompletion completion) {
		if (completion.choices().isEmpty()) {
			throw new StructuredOutputException(Kind.INVALID_JSON, "the response has no choices", "", null);
		}
		return read(completion.firstChoice().message());
	}

	/**
	 * Reads a reply.
	 * @param reply the assistant message
	 * @return the value
	 * @throws StructuredOutputException if the model refused, the reply was truncated, or
	 * it is not JSON matching the type
	 */
	public T read(AssistantMessage reply) {
		if (reply.refusal() != null) {
			throw new StructuredOutputException(Kind.REFUSAL, "the model declined to answer", reply.refusal(), null);
		}
		String text = reply.text();
		if ("length".equals(reply.finishReason())) {
			throw new StructuredOutputException(Kind.TRUNCATED,
					"the model stopped at the token limit before the JSON was complete; allow more tokens", text, null);
		}
		return StrictJson.read((this.mode == OutputMode.JSON_OBJECT) ? withoutCodeFence(text) : text, this.type);
	}

	// models in JSON mode sometimes still wrap the object in a Markdown code block
	private static String withoutCodeFence(String text) {
		Matcher fenced = CODE_FENCE.matcher(text.strip());
		return fenced.matches() ? fenced.group(1) : text;
	}

}
