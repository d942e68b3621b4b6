package dev.hpcenv.edf.cli;

import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.EdfResolver;
import dev.hpcenv.edf.parse.ShimSiteFile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "validate",
        description = {
            "Check EDF files and the bases found; exit 0 when all are valid, 1 otherwise.",
            "A base that is not found is a warning (it may exist where the EDF is used); render makes it an error."
        })
final class ValidateCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    SearchPathOptions search = new SearchPathOptions();

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "EDF files (or names in the search path).")
    List<String> files;

    ValidateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        EdfResolver resolver = search.resolver(context);
        boolean allValid = true;
        for (String file : files) {
            // Beside the EDFs in examples/*/ (and in a site's config repository): said once, not failed.
            if (ShimSiteFile.isOne(context.workingDirectory().resolve(file))) {
                context.out()
                        .println(file + ": skipped: "
                                + ShimSiteFile.notAnEdf(file).message() + " (hint: "
                                + ShimSiteFile.notAnEdf(file).hint() + ")");
                continue;
            }
            try {
                context.report(resolver.validate(file));
                context.out().println(file + ": valid");
            } catch (EdfException e) {
                context.report(e.diagnostics());
                allValid = false;
            }
        }
        context.out().flush();
        return allValid ? 0 : 1;
    }
}
