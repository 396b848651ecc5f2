package dev.chatconversation.observation;

import java.time.Duration;

import dev.chatconversation.client.model.Usage;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * Records, when a {@code gen_ai.client.operation} observation stops, its token usage as
 * the {@value ChatObservationDocumentation.Names#TOKEN_USAGE} distribution summary (one
 * per {@code gen_ai.token.type}: {@code input}, {@code output}, {@code reasoning},
 * {@code cached}) and, for a streaming call, its time to first chunk as the
 * {@value ChatObservationDocumentation.Names#TIME_TO_FIRST_CHUNK} timer, both tagged with
 * the observation's low-cardinality key values. Register it with the
 * {@code ObservationRegistry} (Spring Boot does so for handler beans); it needs
 * {@code micrometer-core}.
 */
public final class ChatObservationMeterHandler implements ObservationHandler<ChatClientObservationContext> {

	/** The tag of the token type. */
	public static final String TOKEN_TYPE = "gen_ai.token.type";

	private final MeterRegistry meterRegistry;

	/**
	 * A handler recording into a registry.
	 * @param meterRegistry the registry
	 */
	public ChatObservationMeterHandler(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext;
	}

	@Override
	public void onStop(ChatClientObservationContext context) {
		Tags tags = Tags.empty();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			tags = tags.and(keyValue.getKey(), keyValue.getValue());
		}
		Duration firstChunk = context.timeToFirstChunk();
		// as the GenAI conventions say: for streaming calls only
		if (firstChunk != null && context.streaming()) {
			Timer.builder(ChatObservationDocumentation.Names.TIME_TO_FIRST_CHUNK)
				.description("Time from a streaming call to its first chunk")
				.tags(tags)
				.register(this.meterRegistry)
				.record(firstChunk);
		}
		Usage usage = context.usage();
		if (usage != null) {
			record(tags, "input", usage.promptTokens());
			record(tags, "output", usage.completionTokens());
			if (usage.completionTokensDetails() != null) {
				record(tags, "reasoning", usage.completionTokensDetails().reasoningTokens());
			}
			if (usage.promptTokensDetails() != null) {
				record(tags, "cached", usage.promptTokensDetails().cachedTokens());
			}
		}
	}

	private void record(Tags tags, String type, @Nullable Integer tokens) {
		if (tokens == null) {
			return;
		}
		DistributionSummary.builder(ChatObservationDocumentation.Names.TOKEN_USAGE)
			.description("Tokens used per call, by token type")
			.baseUnit("tokens")
			.tags(tags.and(Tag.of(TOKEN_TYPE, type)))
			.register(this.meterRegistry)
			.record(tokens);
	}

}
