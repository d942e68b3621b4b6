package dev.hpcenv.edf.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.Resolution;
import dev.hpcenv.edf.VariableExpander;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", description = "Print the resolved environment (bases merged, variables expanded) as JSON.")
final class RenderCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private final CliContext context;

    @Mixin
    SearchPathOptions search = new SearchPathOptions();

    @Option(names = "--no-expand", description = "Leave ${VAR} references as written.")
    boolean noExpand;

    @Parameters(index = "0", paramLabel = "NAME|PATH", description = "An environment name or an EDF path.")
    String environment;

    RenderCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        ResolvedEnvironment env;
        try {
            Resolution resolution = search.resolver(context).resolve(environment);
            context.report(resolution.warnings());
            env = noExpand ? resolution.environment() : VariableExpander.expand(resolution, context.environment());
        } catch (EdfException e) {
            context.report(e.diagnostics());
            return 1;
        }
        context.out().println(JSON.writer(PRETTY).writeValueAsString(env));
        context.out().flush();
        return 0;
    }
}
