package dev.chatconversation.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trip of {@link MessageJson} over generated conversations: every role, content
 * part, tool call, unknown field and incomplete mark. Each test runs {@value #CASES}
 * cases, case {@code n} drawn from a {@link Random} seeded with {@code FIRST_SEED + n},
 * so a run is repeatable and a failure names its seed; {@code -Dmessages.seed=<seed>}
 * runs that one case alone.
 */
class MessageJsonRoundTripPropertyTests {

	private static final long FIRST_SEED = 0x5EED_2026L;

	private static final int CASES = 200;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Test
	void readingWhatWasWrittenGivesTheSameMessages() {
		forEachCase((seed, messages, pretty) -> {
			String json = MessageJson.writeList(messages, pretty);

			assertThat(MessageJson.readList(json, null)).as(describe(seed, messages, pretty)).isEqualTo(messages);
			assertThat(MessageJson.readList(json.getBytes(StandardCharsets.UTF_8), null))
				.as(describe(seed, messages, pretty))
				.isEqualTo(messages);
		});
	}

	@Test
	void writingTwiceGivesIdenticalText() {
		forEachCase((seed, messages, pretty) -> {
			String json = MessageJson.writeList(messages, pretty);

			assertThat(MessageJson.writeList(messages, pretty)).as(describe(seed, messages, pretty)).isEqualTo(json);
			assertThat(MessageJson.writeList(MessageJson.readList(json, null), pretty))
				.as(describe(seed, messages, pretty))
				.isEqualTo(json);
		});
	}

	private static void forEachCase(Property property) {
		String replay = System.getProperty("messages.seed");
		List<Long> seeds = new ArrayList<>();
		if (replay != null) {
			seeds.add(Long.parseLong(replay));
		}
		else {
			for (long seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
				seeds.add(seed);
			}
		}
		for (long seed : seeds) {
			Generator generator = new Generator(seed);
			property.check(seed, generator.conversation(), generator.random.nextBoolean());
		}
	}

	private static String describe(long seed, List<Message> messages, boolean pretty) {
		return "seed " + seed + " (rerun alone with -Dmessages.seed=" + seed + "), pretty=" + pretty + ", messages "
				+ messages;
	}

	@FunctionalInterface
	private interface Property {

		void check(long seed, List<Message> messages, boolean pretty);

	}

	/**
	 * Draws conversations from one seeded {@link Random}: lists of up to 8 messages of
	 * every role, optional fields left out now and then, unknown fields of every JSON
	 * kind, text with control characters, non-ASCII and emoji, and boundary numbers more
	 * often than chance would give them.
	 */
	private static final class Generator {

		private static final char[] CHARS = chars();

		private static final List<String> EMOJI = List.of("😀", "👍🏽", "𝄞", "🇫🇷", "👩‍💻");

		private static final BigInteger BIG_MIN = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

		private static final BigInteger BIG_MAX = BigInteger.TWO.pow(80);

		private final Random random;

		Generator(long seed) {
			this.random = new Random(seed);
		}

		List<Message> conversation() {
			return list(8, this::message);
		}

		private Message message() {
			return switch (this.random.nextInt(6)) {
				case 0 -> new SystemMessage(content(), optionalText(), extra(SystemMessage.FIELDS));
				case 1 -> new DeveloperMessage(content(), optionalText(), extra(DeveloperMessage.FIELDS));
				case 2 -> new UserMessage(content(), optionalText(), extra(UserMessage.FIELDS));
				case 3 -> assistant();
				case 4 -> new ToolMessage(content(), text(), extra(ToolMessage.FIELDS));
				default -> new FunctionMessage(text(), optionalText(), extra(FunctionMessage.FIELDS));
			};
		}

		private Message assistant() {
			return AssistantMessage.builder()
				.content(orNull(0.3, this::content))
				.refusal(optionalText())
				.name(optionalText())
				.toolCalls(list(3, this::toolCall))
				.functionCall(orNull(0.8, this::functionCall))
				.audio(orNull(0.7, this::audio))
				.reasoningContent(optionalText())
				.finishReason(optionalText())
				.incomplete(orNull(0.6, this::incomplete))
				.extra(extra(AssistantMessage.FIELDS))
				.build();
		}

		private Incomplete incomplete() {
			return new Incomplete(pick(List.of(Incomplete.CANCELLED, Incomplete.ERROR, Incomplete.TIMEOUT)),
					optionalText());
		}

		private ToolCall toolCall() {
			if (this.random.nextInt(5) < 4) {
				return new ToolCall(text(), "function", functionCall(), extra(ToolCall.FIELDS));
			}
			return new ToolCall(text(), pick(List.of("custom", "web_search")), null, extra(ToolCall.FIELDS));
		}

		private FunctionCall functionCall() {
			String arguments = this.random.nextBoolean() ? text()
					: pick(List.of("{}", "{\"city\":\"Zürich\",\"days\":[1,2]}"));
			return new FunctionCall(text(), arguments, extra(FunctionCall.FIELDS));
		}

		private AssistantAudio audio() {
			return new AssistantAudio(text(), optionalText(), optionalText(), orNull(0.3, this::anyLong),
					extra(AssistantAudio.FIELDS));
		}

		private Content content() {
			return this.random.nextBoolean() ? Content.of(text()) : Content.of(list(4, this::part));
		}

		private ContentPart part() {
			return switch (this.random.nextInt(5)) {
				case 0 -> new TextPart(text(), extra(TextPart.FIELDS));
				case 1 -> new RefusalPart(text(), extra(RefusalPart.FIELDS));
				case 2 -> new ImageUrlPart(new ImageUrlPart.ImageUrl(text(),
						orNull(0.5, () -> pick(List.of("low", "high", "auto"))), extra(ImageUrlPart.ImageUrl.FIELDS)),
						extra(ImageUrlPart.FIELDS));
				case 3 -> new InputAudioPart(new InputAudioPart.InputAudio(text(), pick(List.of("wav", "mp3")),
						extra(InputAudioPart.InputAudio.FIELDS)), extra(InputAudioPart.FIELDS));
				default -> file();
			};
		}

		private ContentPart file() {
			String id = null;
			String data = null;
			switch (this.random.nextInt(3)) {
				case 0 -> id = text();
				case 1 -> data = text();
				default -> {
					id = text();
					data = text();
				}
			}
			return new FilePart(new FilePart.FileRef(id, data, optionalText(), extra(FilePart.FileRef.FIELDS)),
					extra(FilePart.FIELDS));
		}

		private Map<String, JsonNode> extra(Set<String> modelled) {
			Map<String, JsonNode> extra = new LinkedHashMap<>();
			int size = this.random.nextInt(4);
			for (int i = 0; i < size; i++) {
				String name = text();
				if (!modelled.contains(name)) {
					extra.put(name, json(2));
				}
			}
			return extra;
		}

		/**
		 * JSON values as the codec reads them back: ints and longs by range, decimals
		 * with a fraction (floats are read as {@code BigDecimal}).
		 */
		private JsonNode json(int depth) {
			int kind = this.random.nextInt(6);
			if (depth > 0 && kind == 4) {
				ArrayNode array = NODES.arrayNode();
				list(3, () -> json(depth - 1)).forEach(array::add);
				return array;
			}
			if (depth > 0 && kind == 5) {
				ObjectNode object = NODES.objectNode();
				int size = this.random.nextInt(4);
				for (int i = 0; i < size; i++) {
					object.set(text(), json(depth - 1));
				}
				return object;
			}
			return scalar();
		}

		private JsonNode scalar() {
			return switch (this.random.nextInt(6)) {
				case 0 -> NODES.stringNode(text());
				case 1 -> NODES.numberNode(boundaryOr(this.random::nextInt, Integer.MIN_VALUE, Integer.MAX_VALUE, 0));
				case 2 -> NODES.numberNode(boundaryOr(
						() -> Integer.MAX_VALUE + 1L + (this.random.nextLong() & Long.MAX_VALUE) % Integer.MAX_VALUE,
						Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MAX_VALUE - 1));
				case 3 -> NODES.numberNode(bigInteger());
				case 4 -> NODES.numberNode(BigDecimal.valueOf(anyLong(), 1 + this.random.nextInt(12)));
				default -> pick(List.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
			};
		}

		private BigInteger bigInteger() {
			BigInteger span = BIG_MAX.subtract(BIG_MIN).add(BigInteger.ONE);
			BigInteger drawn = BIG_MIN.add(new BigInteger(span.bitLength() + 8, this.random).mod(span));
			return boundaryOr(() -> drawn, BIG_MIN, BIG_MAX, BIG_MIN.add(BigInteger.ONE));
		}

		private long anyLong() {
			return boundaryOr(this.random::nextLong, Long.MIN_VALUE, Long.MAX_VALUE, 0L);
		}

		/** A value drawn by {@code draw}, or one of the boundaries one time in ten. */
		private <T> T boundaryOr(Supplier<T> draw, T min, T max, T other) {
			return (this.random.nextInt(10) == 0) ? pick(List.of(min, max, other)) : draw.get();
		}

		private @Nullable String optionalText() {
			return orNull(0.4, this::text);
		}

		private String text() {
			String plain = plain();
			return this.random.nextBoolean() ? plain : plain + pick(EMOJI) + plain();
		}

		private String plain() {
			int length = this.random.nextInt(13);
			StringBuilder text = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				text.append(CHARS[this.random.nextInt(CHARS.length)]);
			}
			return text.toString();
		}

		private <T> List<T> list(int maxSize, Supplier<T> element) {
			int size = this.random.nextInt(maxSize + 1);
			List<T> list = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				list.add(element.get());
			}
			return list;
		}

		private <T> @Nullable T orNull(double probability, Supplier<T> value) {
			return (this.random.nextDouble() < probability) ? null : value.get();
		}

		private <T> T pick(List<T> values) {
			return values.get(this.random.nextInt(values.size()));
		}

		private static char[] chars() {
			StringBuilder chars = new StringBuilder();
			for (char c = ' '; c <= '~'; c++) {
				chars.append(c);
			}
			return chars.append("\n\t\u0000\u2028éß日本語\u00a0").toString().toCharArray();
		}

	}

}
