package dev.chatconversation.structured;

/**
 * How a structured output is requested from the model.
 */
public enum OutputMode {

	/**
	 * {@code response_format: json_schema} with the type's strict schema: the server
	 * guarantees JSON that follows it (OpenAI, Azure OpenAI, Gemini, vLLM, Ollama...).
	 */
	JSON_SCHEMA,

	/**
	 * {@code response_format: json_object}, for servers without schema support (DeepSeek,
	 * older models): the server guarantees JSON, and the schema is written into the user
	 * message, which also satisfies OpenAI's rule that JSON mode prompts mention JSON.
	 * The reply is checked against the type all the same.
	 */
	JSON_OBJECT

}
