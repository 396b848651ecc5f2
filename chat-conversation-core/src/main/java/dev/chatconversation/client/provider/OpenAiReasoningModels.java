package dev.chatconversation.client.provider;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.provider.RequestParameters.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of OpenAI's reasoning models ({@code o1}, {@code o3}, {@code o4-mini},
 * {@code gpt-5}...): they reject {@code max_tokens} in favour of
 * {@code max_completion_tokens} (fixture
 * {@code openai/error-400-unsupported-parameter.json}, from vercel/ai) and reject the
 * sampling parameters {@code temperature}, {@code top_p}, {@code logprobs},
 * {@code top_logprobs}, {@code presence_penalty}, {@code frequency_penalty} and
 * {@code logit_bias} (the parameter table of
 * community.openai.com/t/developer-role-not-accepted-for-o1-o1-mini-o3-mini/1110750).
 *
 * <p>
 * GPT-5.1 and later take the sampling parameters again with
 * {@code reasoning_effort: "none"} (OpenAI's GPT-5.1 guide), so they are kept then. The
 * {@code gpt-5-chat} models are not reasoning models.
 */
final class OpenAiReasoningModels {

	private static final Pattern REASONING_MODEL = Pattern.compile("^(o\\d+|gpt-5)([-.].*)?$");

	private static final Pattern CHAT_MODEL = Pattern.compile("^gpt-5(\\.\\d+)?-chat.*$");

	private static final List<Parameter> SAMPLING = Stream
		.of("temperature", "top_p", "logprobs", "top_logprobs", "presence_penalty", "frequency_penalty", "logit_bias")
		.map(RequestParameters::named)
		.toList();

	private OpenAiReasoningModels() {
	}

	/**
	 * Whether a model name is one of OpenAI's reasoning models.
	 */
	static boolean isReasoningModel(@Nullable String model) {
		if (model == null) {
			return false;
		}
		String name = model.strip().toLowerCase(Locale.ROOT);
		return REASONING_MODEL.matcher(name).matches() && !CHAT_MODEL.matcher(name).matches();
	}

	static ChatCompletionRequest adapt(ChatCompletionRequest request) {
		if (!isReasoningModel(request.model())) {
			return request;
		}
		ChatCompletionRequest adapted = ParameterRules.maxTokensAsMaxCompletionTokens(request);
		if ("none".equals(adapted.reasoningEffort())) {
			return adapted;
		}
		return ParameterRules.clear(adapted, SAMPLING);
	}

}
