package dev.chatconversation.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of chat-conversation and their key names, after the OpenTelemetry
 * GenAI semantic conventions ({@code gen_ai.*}); names of our own start with
 * {@code chat.}.
 */
public enum ChatObservationDocumentation implements ObservationDocumentation {

	/**
	 * One call of a client, {@code create} or {@code stream}, from subscription until its
	 * response, last chunk, error or cancellation.
	 */
	CLIENT_OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultChatClientObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ClientKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ClientDetailKeyNames.values();
		}

	},

	/**
	 * One turn of a conversation, all its rounds included, until its reply, failure or
	 * cancellation; the client calls of the turn are its children.
	 */
	CONVERSATION_TURN {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultConversationObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ConversationKeyNames.values();
		}

	},

	/**
	 * One round of tool calls within a turn: from the calls the model asked for to their
	 * last result; a child of its turn.
	 */
	TOOL_ROUND {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultConversationObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ConversationKeyNames.values();
		}

	};

	/** Names of the observations and meters. */
	public static final class Names {

		/** The client operation observation, and the timer it gives. */
		public static final String CLIENT_OPERATION = "gen_ai.client.operation";

		/** The distribution summary of tokens, by {@code gen_ai.token.type}. */
		public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

		/** The timer of the time from subscription to the first chunk of a stream. */
		public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

		/** The conversation turn observation. */
		public static final String CONVERSATION_TURN = "gen_ai.conversation.turn";

		/** The tool round observation. */
		public static final String TOOL_ROUND = "gen_ai.conversation.tool_round";

		private Names() {
		}

	}

	/**
	 * Low-cardinality keys of a client operation, on its metrics and spans.
	 */
	public enum ClientKeyNames implements KeyName {

		/** The operation: {@code chat}. */
		OPERATION_NAME("gen_ai.operation.name"),

		/** The provider, from the client's provider profile ({@code openai}, ...). */
		PROVIDER_NAME("gen_ai.provider.name"),

		/** The model asked for, or {@code none}. */
		REQUEST_MODEL("gen_ai.request.model"),

		/** The model that answered, or {@code none}. */
		RESPONSE_MODEL("gen_ai.response.model"),

		/** The finish reasons of the choices, comma-separated, or {@code none}. */
		FINISH_REASONS("gen_ai.response.finish_reasons"),

		/** The simple class name of the failure, or {@code none}. */
		ERROR_TYPE("error.type"),

		/** How the call ended: {@code success}, {@code error} or {@code cancelled}. */
		OUTCOME("chat.outcome"),

		/** Whether the call streamed: {@code true} or {@code false}. */
		STREAMING("chat.streaming"),

		/** How many HTTP requests the call sent, retries included. */
		ATTEMPTS("chat.attempts"),

		/** How many fallback models a routing client tried before this call's model. */
		FALLBACKS("chat.fallbacks");

		private final String key;

		ClientKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * High-cardinality keys of a client operation, on its spans only. The prompt and
	 * completion are there only when the convention is told to include content.
	 */
	public enum ClientDetailKeyNames implements KeyName {

		/** The response id. */
		RESPONSE_ID("gen_ai.response.id"),

		/** Prompt tokens of the response's usage. */
		INPUT_TOKENS("gen_ai.usage.input_tokens"),

		/** Completion tokens of the response's usage. */
		OUTPUT_TOKENS("gen_ai.usage.output_tokens"),

		/** The request's temperature. */
		TEMPERATURE("gen_ai.request.temperature"),

		/**
		 * The request's token limit ({@code max_completion_tokens} or the legacy one).
		 */
		MAX_TOKENS("gen_ai.request.max_tokens"),

		/** The request's messages, {@code role: text} per line; opt-in only. */
		PROMPT("gen_ai.prompt"),

		/** The reply's text; opt-in only. */
		COMPLETION("gen_ai.completion");

		private final String key;

		ClientDetailKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * Low-cardinality keys of turns and tool rounds.
	 */
	public enum ConversationKeyNames implements KeyName {

		/** The operation: {@code chat} for a turn, {@code execute_tool} for a round. */
		OPERATION_NAME("gen_ai.operation.name"),

		/** Whether the turn streams: {@code true} or {@code false}. */
		STREAMING("chat.streaming"),

		/**
		 * The simple class name of the failure (a turn's: its cause), or {@code none}.
		 */
		ERROR_TYPE("error.type"),

		/** How it ended: {@code success}, {@code error} or {@code cancelled}. */
		OUTCOME("chat.outcome"),

		/** How many tool rounds a turn ran. */
		TOOL_ROUNDS("chat.tool.rounds"),

		/** How many tool calls a round ran. */
		TOOL_CALLS("chat.tool.calls");

		private final String key;

		ConversationKeyNames(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

}
