package dev.chatconversation.client.model;

/**
 * The {@code audio} parameter of a request: the voice and format of audio output (with
 * {@code modalities} including {@code audio}).
 *
 * @param voice the voice, such as {@code alloy}
 * @param format the audio format, such as {@code wav} or {@code mp3}
 */
public record AudioOptions(String voice, String format) {
}
