package dev.chatconversation.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based round trip of {@link MessageJson} over generated conversations: every
 * role, content part, tool call, unknown field and incomplete mark.
 */
class MessageJsonRoundTripPropertyTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Property(tries = 200)
	void readingWhatWasWrittenGivesTheSameMessages(@ForAll("conversations") List<Message> messages,
			@ForAll boolean pretty) {
		String json = MessageJson.writeList(messages, pretty);

		assertThat(MessageJson.readList(json, null)).isEqualTo(messages);
		assertThat(MessageJson.readList(json.getBytes(StandardCharsets.UTF_8), null)).isEqualTo(messages);
	}

	@Property(tries = 200)
	void writingTwiceGivesIdenticalText(@ForAll("conversations") List<Message> messages, @ForAll boolean pretty) {
		String json = MessageJson.writeList(messages, pretty);

		assertThat(MessageJson.writeList(messages, pretty)).isEqualTo(json);
		assertThat(MessageJson.writeList(MessageJson.readList(json, null), pretty)).isEqualTo(json);
	}

	@Provide
	Arbitrary<List<Message>> conversations() {
		return Arbitraries.oneOf(system(), developer(), user(), assistant(), tool(), function()).list().ofMaxSize(8);
	}

	private Arbitrary<Message> system() {
		return Combinators.combine(content(), optionalText(), extra(SystemMessage.FIELDS)).as(SystemMessage::new);
	}

	private Arbitrary<Message> developer() {
		return Combinators.combine(content(), optionalText(), extra(DeveloperMessage.FIELDS)).as(DeveloperMessage::new);
	}

	private Arbitrary<Message> user() {
		return Combinators.combine(content(), optionalText(), extra(UserMessage.FIELDS)).as(UserMessage::new);
	}

	private Arbitrary<Message> tool() {
		return Combinators.combine(content(), text(), extra(ToolMessage.FIELDS)).as(ToolMessage::new);
	}

	private Arbitrary<Message> function() {
		return Combinators.combine(text(), optionalText(), extra(FunctionMessage.FIELDS)).as(FunctionMessage::new);
	}

	private Arbitrary<Message> assistant() {
		Arbitrary<AssistantMessage.Builder> replies = Combinators
			.combine(content().injectNull(0.3), optionalText(), optionalText(), toolCall().list().ofMaxSize(3),
					functionCall().injectNull(0.8), audio().injectNull(0.7), optionalText())
			.as((content, refusal, name, calls, functionCall, audio, reasoning) -> AssistantMessage.builder()
				.content(content)
				.refusal(refusal)
				.name(name)
				.toolCalls(calls)
				.functionCall(functionCall)
				.audio(audio)
				.reasoningContent(reasoning));
		return Combinators
			.combine(replies, optionalText(), incomplete().injectNull(0.6), extra(AssistantMessage.FIELDS))
			.as((builder, finishReason, incomplete,
					extra) -> builder.finishReason(finishReason).incomplete(incomplete).extra(extra).build());
	}

	private Arbitrary<Incomplete> incomplete() {
		return Combinators
			.combine(Arbitraries.of(Incomplete.CANCELLED, Incomplete.ERROR, Incomplete.TIMEOUT), optionalText())
			.as(Incomplete::new);
	}

	private Arbitrary<ToolCall> toolCall() {
		Arbitrary<ToolCall> functions = Combinators.combine(text(), functionCall(), extra(ToolCall.FIELDS))
			.as((id, call, extra) -> new ToolCall(id, "function", call, extra));
		Arbitrary<ToolCall> others = Combinators
			.combine(text(), Arbitraries.of("custom", "web_search"), extra(ToolCall.FIELDS))
			.as((id, type, extra) -> new ToolCall(id, type, null, extra));
		return Arbitraries.frequencyOf(Tuple.of(4, functions), Tuple.of(1, others));
	}

	private Arbitrary<FunctionCall> functionCall() {
		Arbitrary<String> arguments = Arbitraries.oneOf(text(),
				Arbitraries.of("{}", "{\"city\":\"Zürich\",\"days\":[1,2]}"));
		return Combinators.combine(text(), arguments, extra(FunctionCall.FIELDS)).as(FunctionCall::new);
	}

	private Arbitrary<AssistantAudio> audio() {
		return Combinators
			.combine(text(), optionalText(), optionalText(), Arbitraries.longs().injectNull(0.3),
					extra(AssistantAudio.FIELDS))
			.as(AssistantAudio::new);
	}

	private Arbitrary<Content> content() {
		return Arbitraries.oneOf(text().map(Content::of), part().list().ofMaxSize(4).map(Content::of));
	}

	private Arbitrary<ContentPart> part() {
		Arbitrary<ContentPart> textPart = Combinators.combine(text(), extra(TextPart.FIELDS)).as(TextPart::new);
		Arbitrary<ContentPart> refusal = Combinators.combine(text(), extra(RefusalPart.FIELDS)).as(RefusalPart::new);
		Arbitrary<ContentPart> image = Combinators
			.combine(text(), Arbitraries.of("low", "high", "auto").injectNull(0.5), extra(ImageUrlPart.ImageUrl.FIELDS),
					extra(ImageUrlPart.FIELDS))
			.as((url, detail, urlExtra, extra) -> new ImageUrlPart(new ImageUrlPart.ImageUrl(url, detail, urlExtra),
					extra));
		Arbitrary<ContentPart> audio = Combinators
			.combine(text(), Arbitraries.of("wav", "mp3"), extra(InputAudioPart.InputAudio.FIELDS),
					extra(InputAudioPart.FIELDS))
			.as((data, format, audioExtra,
					extra) -> new InputAudioPart(new InputAudioPart.InputAudio(data, format, audioExtra), extra));
		return Arbitraries.oneOf(textPart, refusal, image, audio, file());
	}

	private Arbitrary<ContentPart> file() {
		Arbitrary<String[]> idAndData = Arbitraries.oneOf(text().map((id) -> new String[] { id, null }),
				text().map((data) -> new String[] { null, data }),
				Combinators.combine(text(), text()).as((id, data) -> new String[] { id, data }));
		return Combinators.combine(idAndData, optionalText(), extra(FilePart.FileRef.FIELDS), extra(FilePart.FIELDS))
			.as((ref, filename, fileExtra,
					extra) -> new FilePart(new FilePart.FileRef(ref[0], ref[1], filename, fileExtra), extra));
	}

	private Arbitrary<Map<String, JsonNode>> extra(Set<String> modelled) {
		Arbitrary<String> names = text().filter((name) -> !modelled.contains(name));
		return Arbitraries.maps(names, json(2)).ofMaxSize(3);
	}

	/**
	 * JSON values as the codec reads them back: ints and longs by range, decimals with a
	 * fraction (floats are read as {@code BigDecimal}).
	 */
	private Arbitrary<JsonNode> json(int depth) {
		Arbitrary<JsonNode> scalars = Arbitraries.oneOf(text().map(NODES::stringNode),
				Arbitraries.integers().map(NODES::numberNode),
				Arbitraries.longs()
					.greaterOrEqual(Integer.MAX_VALUE + 1L)
					.map((value) -> (JsonNode) NODES.numberNode(value)),
				Arbitraries.bigIntegers()
					.between(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), BigInteger.TWO.pow(80))
					.map(NODES::numberNode),
				Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 12))
					.as((unscaled, scale) -> (JsonNode) NODES.numberNode(BigDecimal.valueOf(unscaled, scale))),
				Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
		if (depth == 0) {
			return scalars;
		}
		Arbitrary<JsonNode> arrays = json(depth - 1).list().ofMaxSize(3).map((items) -> {
			ArrayNode array = NODES.arrayNode();
			items.forEach(array::add);
			return array;
		});
		Arbitrary<JsonNode> objects = Arbitraries.maps(text(), json(depth - 1)).ofMaxSize(3).map((fields) -> {
			ObjectNode object = NODES.objectNode();
			fields.forEach(object::set);
			return object;
		});
		return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(1, arrays), Tuple.of(1, objects));
	}

	private Arbitrary<String> optionalText() {
		return text().injectNull(0.4);
	}

	private Arbitrary<String> text() {
		Arbitrary<String> plain = Arbitraries.strings()
			.withCharRange(' ', '~')
			.withChars('\n', '\t', '\u0000', '\u2028', 'é', 'ß', '日', '本', '語', '\u00a0')
			.ofMaxLength(12);
		Arbitrary<String> emoji = Arbitraries.of("😀", "👍🏽", "𝄞", "🇫🇷", "👩‍💻");
		return Arbitraries.oneOf(plain, Combinators.combine(plain, emoji, plain).as((a, b, c) -> a + b + c));
	}

}
