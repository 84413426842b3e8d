package dev.triage.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link TriageJson#parse(byte[])} reads a tree's strings again for lone surrogates only when the
 * bytes can spell one: these hold the shortcut to the full check, for strings with and without
 * surrogates, escaped or not.
 */
final class UnicodeBytesProperties {
  private static final JsonMapper ESCAPING =
      JsonMapper.builder().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII).build();
  private static final JsonMapper PLAIN = new JsonMapper();

  @Provide
  Arbitrary<String> texts() {
    // Surrogates, paired or not, among ASCII, backslashes, quotes and other non-ASCII text.
    return Arbitraries.strings()
        .withChars('a', 'u', 'd', '8', '\\', '"', 'é', '\uD83D', '\uDE00', '\uDC00', '\uD800')
        .ofMaxLength(12);
  }

  @Property(tries = 1000)
  void aStringIsRefusedExactlyWhenItHasALoneSurrogate(@ForAll("texts") String text)
      throws Exception {
    boolean lone = TriageJson.loneSurrogate(text) >= 0;
    byte[] escaped = ESCAPING.writeValueAsBytes(java.util.Map.of("text", text));
    if (lone) {
      assertThat(TriageJson.maySpellSurrogates(escaped)).isTrue();
      assertThatThrownBy(() -> TriageJson.parse(escaped))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("surrogate");
    } else {
      assertThat(TriageJson.parse(escaped).get("text").textValue()).isEqualTo(text);
      byte[] raw = PLAIN.writeValueAsBytes(java.util.Map.of("text", text));
      assertThat(TriageJson.parse(raw).get("text").textValue()).isEqualTo(text);
    }
  }

  @Example
  void aSurrogateEncodedAsUtf8BytesIsSeen() {
    byte[] json = {'{', '"', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertThat(TriageJson.maySpellSurrogates(json)).isTrue();
    assertThatThrownBy(() -> TriageJson.parse(json)).isInstanceOf(InvalidInputException.class);
  }

  @Example
  void anEscapedBackslashBeforeAUIsNoEscape() {
    assertThat(TriageJson.maySpellSurrogates("{\"t\":\"\\\\ud800\"}".getBytes())).isFalse();
    assertThat(TriageJson.maySpellSurrogates("{\"t\":\"\\ud800\"}".getBytes())).isTrue();
    assertThat(TriageJson.maySpellSurrogates("{\"t\":\"\\u0064\"}".getBytes())).isFalse();
  }

  @Example
  void aUtf16BodyIsAlwaysCheckedForLoneSurrogates() {
    byte[] json = "{\"t\":\"\\ud800\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    assertThat(TriageJson.maySpellSurrogates(json)).isTrue();
    assertThatThrownBy(() -> TriageJson.parse(json))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("surrogate");
  }

  @Example
  void anEmojiIsWrittenAsItsUtf8BytesNotAsEscapes() {
    byte[] written =
        TriageJson.toBytes(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode("hi 🙂"));
    assertThat(written).isEqualTo("\"hi 🙂\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(TriageJson.bytes(json -> json.writeString("🙂")))
        .isEqualTo("\"🙂\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
