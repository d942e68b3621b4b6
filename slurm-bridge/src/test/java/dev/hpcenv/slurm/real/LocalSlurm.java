package dev.hpcenv.slurm.real;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.http.HttpSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Slurm that dev/slurm-local.sh runs, as its {@code env} command describes it. */
public record LocalSlurm(
        Path root, URI url, Path jwtKey, String user, ApiVersion api, Path slurmConf, String restdUser) {

    static LocalSlurm fromEnv(Path root, Map<String, String> env) {
        return new LocalSlurm(
                root,
                URI.create(require(env, "HPCENV_SLURM_URL")),
                Path.of(require(env, "HPCENV_SLURM_JWT_KEY")),
                require(env, "HPCENV_SLURM_USER"),
                ApiVersion.parseChoice(require(env, "HPCENV_SLURM_API")).orElseThrow(),
                Path.of(require(env, "SLURM_CONF")),
                require(env, "HPCENV_SLURM_RESTD_USER"));
    }

    private static String require(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("dev/slurm-local.sh env did not print " + key);
        }
        return value;
    }

    public SlurmClientConfig config() {
        return SlurmClientConfig.of(url, user, SlurmCredentials.jwtKeyFile(jwtKey, Duration.ofMinutes(10)))
                .withApi(Optional.of(api))
                .withHttp(HttpSettings.DEFAULT.withRequestTimeout(Duration.ofSeconds(30)));
    }

    public SlurmClient client() {
        return SlurmClients.connect(config());
    }
}
