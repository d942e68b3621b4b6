package dev.hpcenv.edf.convert;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/** The YAML mapper: kubectl-style output in which every string value reads back as a string. */
final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .stringQuotingChecker(new PlainOnlyWhenSafe())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Yaml() {}

    /**
     * Jackson leaves {@code 0x1F}, {@code 1e3}, {@code 2024-01-01} and {@code .inf} unquoted, which YAML 1.1
     * readers (kubectl's among them) turn into numbers and dates, and the API server then rejects. A value
     * stays plain only when it cannot be anything but a string.
     */
    private static final class PlainOnlyWhenSafe extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final Pattern SAFE = Pattern.compile("[A-Za-z/][A-Za-z0-9_./-]*");

        @Override
        public boolean needToQuoteValue(String value) {
            return !SAFE.matcher(value).matches() || super.needToQuoteValue(value);
        }
    }
}
