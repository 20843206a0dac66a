package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  private final FakeSecrets secrets =
      new FakeSecrets().env("USER", "app").env("EMPTY", "").file("/s/pw", "p@ss");
  private final Placeholders placeholders = new Placeholders(secrets);
  private final List<String> problems = new ArrayList<>();

  private String expand(String text) {
    return placeholders.expand(text, false, problems::add);
  }

  @Test
  void textWithoutPlaceholders_isUnchanged() {
    assertThat(expand("jdbc:h2:mem:a$b{c}")).isEqualTo("jdbc:h2:mem:a$b{c}");
    assertThat(problems).isEmpty();
  }

  @Test
  void wholeAndEmbeddedPlaceholders_areReplaced() {
    assertThat(expand("${env:USER}")).isEqualTo("app");
    assertThat(expand("u=${env:USER};p=${file:/s/pw}!")).isEqualTo("u=app;p=p@ss!");
    assertThat(expand("${env:EMPTY}")).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void doubledDollar_escapesAPlaceholder() {
    assertThat(expand("$${env:USER}")).isEqualTo("${env:USER}");
    assertThat(expand("a$${b}${env:USER}")).isEqualTo("a${b}app");
    assertThat(Placeholders.occurIn("$${env:USER}")).isFalse();
    assertThat(Placeholders.occurIn("x${env:USER}")).isTrue();
  }

  @Test
  void everyUnresolvedPlaceholderInAValue_isReported() {
    expand("${env:A}:${file:/nope}:${vault:x}:${env:");

    assertThat(problems)
        .containsExactly(
            "environment variable A is not set; set it before starting",
            "cannot read secret file /nope (no such file); check ${file:...}",
            "unknown placeholder '${vault:x}'; use ${env:NAME} or ${file:/path}, or write $${ for"
                + " a literal ${",
            "a placeholder is not closed with '}'; use ${env:NAME} or ${file:/path}, or write $${"
                + " for a literal ${");
  }

  @Test
  void sensitiveText_isNeverQuoted() {
    placeholders.expand("s3cr${et}", true, problems::add);

    assertThat(problems).singleElement().asString().doesNotContain("s3cr").doesNotContain("${et}");
  }

  @Test
  void emptyNames_areUnknownPlaceholders() {
    expand("${env:}${file:}");

    assertThat(problems)
        .allSatisfy(problem -> assertThat(problem).startsWith("unknown placeholder '${"));
  }
}
