package dev.hpcenv.edf.parse;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.model.EnvironmentLayer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlVersion;

/**
 * Reads one EDF (TOML 1.0) into an {@link EnvironmentLayer}, recording the line and column of every value,
 * and collects every problem instead of stopping at the first.
 */
public final class EdfParser {
    private final boolean strict;

    /** @param strict unknown keys are errors instead of warnings */
    public EdfParser(boolean strict) {
        this.strict = strict;
    }

    /** Reads {@code file}; {@code displayName} is how diagnostics name it. */
    public ParsedEdf parse(Path file, String displayName) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                return failed(
                        displayName,
                        "is a directory, not an EDF file",
                        "name the .toml files inside it, e.g. edf validate DIR/*.toml");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return failed(displayName, "file not found", "relative paths are relative to the current directory");
        } catch (AccessDeniedException e) {
            return failed(displayName, "permission denied", "make the file readable");
        } catch (CharacterCodingException e) {
            return failed(displayName, "not valid UTF-8", "EDF files are TOML, which must be UTF-8");
        } catch (IOException e) {
            // The I/O error's own text (e.g. "Input/output error"), never its Java class name.
            return failed(
                    displayName,
                    "cannot read: " + (e.getMessage() == null ? "I/O error" : e.getMessage()),
                    "check that the file is readable on this machine");
        }
        return parseText(text, displayName);
    }

    /** Parses EDF text; {@code displayName} is how diagnostics name it. */
    public ParsedEdf parseText(String text, String displayName) {
        TomlParseResult toml = Toml.parse(text, TomlVersion.V1_0_0);
        if (toml.hasErrors()) {
            List<Diagnostic> errors = new ArrayList<>();
            boolean syntaxErrorSeen = false;
            for (TomlParseError e : toml.errors()) {
                // After the first syntax error the parser's recovery produces follow-up errors that mislead
                // ("expected . or =" for a missing comma); redefinitions are independent and all worth reporting.
                boolean redefinition = e.getMessage() != null && e.getMessage().contains("previously defined");
                if (!redefinition && syntaxErrorSeen) {
                    continue;
                }
                syntaxErrorSeen |= !redefinition;
                TomlPosition p = e.position();
                errors.add(Diagnostic.error(
                        displayName,
                        p == null ? 0 : p.line(),
                        p == null ? 0 : p.column(),
                        "invalid TOML: " + e.getMessage(),
                        TomlErrorHints.hintFor(e.getMessage())));
            }
            return new ParsedEdf(EnvironmentLayer.empty(displayName), errors);
        }
        if (ShimSiteFile.matches(toml)) {
            return new ParsedEdf(EnvironmentLayer.empty(displayName), List.of(ShimSiteFile.notAnEdf(displayName)));
        }
        return new EdfDocumentReader(displayName, toml, strict).read();
    }

    private static ParsedEdf failed(String displayName, String message, String hint) {
        return new ParsedEdf(
                EnvironmentLayer.empty(displayName), List.of(Diagnostic.error(displayName, 0, 0, message, hint)));
    }
}
