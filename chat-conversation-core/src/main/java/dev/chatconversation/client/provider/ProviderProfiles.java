package dev.chatconversation.client.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The profiles of the providers the library knows, by the name written in configuration
 * ({@code chat.provider}). Each one knows the provider's public base URL and leaves out,
 * renames or rewrites what the provider would reject with a 400; each rule names the
 * provider documentation or public issue it answers.
 *
 * <p>
 * Rules never touch {@code extraBody}, so provider extensions given there (Albert's
 * {@code search}, DeepSeek's {@code thinking}, Mistral's {@code safe_prompt}) are sent as
 * written. Responses need no profile: every variant (vLLM's {@code reasoning}, Mistral's
 * content arrays, Gemini's index-less tool calls and {@code extra_content}, Albert's
 * {@code usage.cost}) is read by the client for all providers, and fields it does not
 * model are kept and sent back.
 */
public final class ProviderProfiles {

	/** The {@code api-version} that {@link #AZURE} sends, the latest GA version. */
	public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

	/** Changes nothing; the key goes in {@code Authorization: Bearer}. */
	public static final ProviderProfile GENERIC = ProviderProfile.GENERIC;

	/**
	 * OpenAI ({@code https://api.openai.com/v1}). For reasoning models ({@code o1},
	 * {@code o3}, {@code o4-mini}, {@code gpt-5}...) {@code max_tokens} is sent as
	 * {@code max_completion_tokens}, and {@code temperature}, {@code top_p},
	 * {@code logprobs}, {@code top_logprobs}, the penalties and {@code logit_bias} are
	 * left out, which these models reject with 400 {@code unsupported_parameter}.
	 */
	public static final ProviderProfile OPENAI = new RuleBasedProfile("openai", "https://api.openai.com/v1",
			OpenAiReasoningModels::adapt);

	/**
	 * Azure OpenAI with {@code api-version} {@value #DEFAULT_AZURE_API_VERSION}; see
	 * {@link #azure(String)}.
	 */
	public static final ProviderProfile AZURE = azure(DEFAULT_AZURE_API_VERSION);

	/**
	 * Gemini's OpenAI endpoint
	 * ({@code https://generativelanguage.googleapis.com/v1beta/openai}). It answers
	 * unknown fields with 400 "Unknown name ... Cannot find field", so {@code store}
	 * (zammad/zammad#5981), {@code parallel_tool_calls} (jackmpcollins/magentic#382),
	 * {@code web_search_options} (FuzzAnything/PromptFuzz#42) and
	 * {@code prompt_cache_key} (leookun/cursor-byok#112) are left out. Gemini knows no
	 * {@code developer} role (its contents take {@code user} and {@code model},
	 * instructions go in the system instruction; router-for-me/CLIProxyAPI#850 maps it
	 * the same way), so developer messages are sent as system messages. Tool calls keep
	 * their {@code extra_content.google.thought_signature}, which Gemini 3 needs back
	 * (earendil-works/pi#6733).
	 */
	public static final ProviderProfile GEMINI = new RuleBasedProfile("gemini",
			"https://generativelanguage.googleapis.com/v1beta/openai",
			RequestRule.dropParameters("store", "parallel_tool_calls", "web_search_options", "prompt_cache_key"),
			RequestRule.developerAsSystem());

	/**
	 * DeepSeek ({@code https://api.deepseek.com}). Developer messages are sent as system
	 * messages (the role is rejected: decolua/9router#773); two successive user messages,
	 * or assistant messages, are joined, as DeepSeek rejects them
	 * (open-webui/open-webui#9266); {@code max_completion_tokens} is sent as
	 * {@code max_tokens}, the only name DeepSeek's API reference lists. In thinking mode
	 * with tools, every assistant tool-call message carries {@code reasoning_content},
	 * empty when none was recorded (api-docs.deepseek.com/guides/thinking_mode,
	 * vercel/ai#13203); plain replies are sent without it, as {@code deepseek-reasoner}
	 * wants (vercel/ai#14740).
	 */
	public static final ProviderProfile DEEPSEEK = new RuleBasedProfile("deepseek", "https://api.deepseek.com",
			RequestRule.developerAsSystem(), RequestRule.mergeSuccessiveMessages(),
			RequestRule.maxCompletionTokensAsMaxTokens(), DeepSeekThinking::adapt);

	/**
	 * Ollama ({@code http://localhost:11434/v1}, no key). Developer messages are sent as
	 * system messages (cloudflare/cloudflare-os#26, #36), and
	 * {@code max_completion_tokens} as {@code max_tokens}, the name Ollama's OpenAI
	 * compatibility documents ({@code docs/openai.md}); Ollama ignores unknown fields, so
	 * the limit would be lost silently.
	 */
	public static final ProviderProfile OLLAMA = new RuleBasedProfile("ollama", "http://localhost:11434/v1",
			RequestRule.developerAsSystem(), RequestRule.maxCompletionTokensAsMaxTokens());

	/**
	 * vLLM (self-hosted, no default base URL; typically {@code http://host:8000/v1}).
	 * Developer messages are sent as system messages: the chat templates of most models
	 * reject the role ("Unexpected message role", ogx-ai/ogx#6069). vLLM's
	 * {@code reasoning} field is read like {@code reasoning_content}.
	 */
	public static final ProviderProfile VLLM = new RuleBasedProfile("vllm", null, RequestRule.developerAsSystem());

	/**
	 * Groq ({@code https://api.groq.com/openai/v1}). {@code max_completion_tokens} is
	 * sent as {@code max_tokens} ("property 'max_completion_tokens' is unsupported",
	 * AnswerDotAI/shell_sage#9, tmc/langchaingo#1028); {@code logprobs},
	 * {@code logit_bias}, {@code top_logprobs} and message {@code name}s are left out,
	 * which Groq answers with 400 (console.groq.com/docs/openai).
	 */
	public static final ProviderProfile GROQ = new RuleBasedProfile("groq", "https://api.groq.com/openai/v1",
			RequestRule.maxCompletionTokensAsMaxTokens(),
			RequestRule.dropParameters("logprobs", "logit_bias", "top_logprobs"), RequestRule.dropMessageNames());

	/**
	 * Mistral ({@code https://api.mistral.ai/v1}), which answers any field it does not
	 * know with 422 {@code extra_forbidden} (mistralai/platform-docs-public#7). Only the
	 * parameters of Mistral's chat completion schema are sent:
	 * {@code max_completion_tokens} becomes {@code max_tokens}
	 * (editor-code-assistant/eca#231), {@code seed} becomes {@code random_seed},
	 * {@code tool_choice: "required"} becomes {@code "any"}, and {@code store}
	 * (Gitlawb/openclaude#739), {@code stream_options}, {@code user}, {@code logprobs}
	 * and the other OpenAI-only parameters are left out (Mistral sends usage on its last
	 * chunk anyway). Messages keep only the fields Mistral lists: developer messages
	 * become system messages, and names, {@code reasoning_content}, refusals and unknown
	 * fields are left out.
	 */
	public static final ProviderProfile MISTRAL = new RuleBasedProfile("mistral", "https://api.mistral.ai/v1",
			RequestRule.maxCompletionTokensAsMaxTokens(), RequestRule.renameParameter("seed", "random_seed"),
			RequestRule.toolChoiceRequiredAsAny(),
			RequestRule.keepOnlyParameters(
					Set.of("temperature", "top_p", "max_tokens", "stop", "response_format", "tools", "tool_choice",
							"presence_penalty", "frequency_penalty", "n", "prediction", "parallel_tool_calls")),
			MistralMessages::adapt);

	/**
	 * OpenRouter ({@code https://openrouter.ai/api/v1}), which translates parameters for
	 * each upstream itself; its model names contain a slash ({@code openai/gpt-4o}) and
	 * are sent unchanged.
	 */
	public static final ProviderProfile OPENROUTER = new RuleBasedProfile("openrouter", "https://openrouter.ai/api/v1");

	/**
	 * Albert, the French State's API ({@code https://albert.api.etalab.gouv.fr/v1}; other
	 * deployments set their own URL). Developer messages are sent as system messages, as
	 * for the vLLM servers Albert forwards to. Its request extensions {@code search} and
	 * {@code search_args} go in {@code extraBody} and are sent as written; its
	 * {@code usage.cost}, {@code usage.carbon} and {@code search_results} are kept in the
	 * response's {@code extra} maps.
	 */
	public static final ProviderProfile ALBERT = new RuleBasedProfile("albert", "https://albert.api.etalab.gouv.fr/v1",
			RequestRule.developerAsSystem());

	private static final Map<String, ProviderProfile> BY_NAME = byName(OPENAI, AZURE, GEMINI, DEEPSEEK, OLLAMA, VLLM,
			GROQ, MISTRAL, OPENROUTER, ALBERT, GENERIC);

	private ProviderProfiles() {
	}

	/**
	 * Azure OpenAI. The base URL is a deployment's,
	 * {@code https://{resource}.openai.azure.com/openai/deployments/{deployment}}; the
	 * key goes in the {@code api-key} header instead of {@code Authorization}, and each
	 * request carries the {@code api-version} query parameter (unless the request sets
	 * one). The reasoning-model rules of {@link #OPENAI} apply when the model field names
	 * such a model.
	 * @param apiVersion the {@code api-version}, such as {@code 2024-10-21} or
	 * {@code 2025-04-01-preview}
	 * @return the profile
	 */
	public static ProviderProfile azure(String apiVersion) {
		if (Objects.requireNonNull(apiVersion, "apiVersion").isBlank()) {
			throw new IllegalArgumentException("The Azure OpenAI api-version must not be blank");
		}
		String version = apiVersion.strip();
		return new RuleBasedProfile("azure", null,
				List.of(OpenAiReasoningModels::adapt, RequestRule.queryParameter("api-version", version)), "api-key",
				"azure(api-version=" + version + ")");
	}

	/**
	 * The profile of a name, as {@code chat.provider} takes it.
	 * @param name the name, in any case
	 * @return the profile
	 * @throws IllegalArgumentException naming the valid names, if none has that name
	 */
	public static ProviderProfile named(String name) {
		ProviderProfile profile = BY_NAME.get(Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT));
		if (profile == null) {
			throw new IllegalArgumentException("Unknown provider '" + name + "'; known providers: " + names());
		}
		return profile;
	}

	/**
	 * The names of the known profiles.
	 * @return the names, in a stable order
	 */
	public static List<String> names() {
		return List.copyOf(BY_NAME.keySet());
	}

	/**
	 * Whether a name is the name of a known profile.
	 * @param name the name, in any case
	 * @return {@code true} if {@link #named(String)} accepts it
	 */
	public static boolean isKnown(@Nullable String name) {
		return name != null && BY_NAME.containsKey(name.strip().toLowerCase(Locale.ROOT));
	}

	private static Map<String, ProviderProfile> byName(ProviderProfile... profiles) {
		Map<String, ProviderProfile> byName = new LinkedHashMap<>();
		for (ProviderProfile profile : profiles) {
			byName.put(profile.name(), profile);
		}
		return byName;
	}

}
