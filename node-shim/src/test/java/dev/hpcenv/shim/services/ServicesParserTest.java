package dev.hpcenv.shim.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServicesParserTest {
    private static final String SAMPLER = "{\"name\":\"sampler\",\"argv\":[\"/opt/bin/sampler\"],\"spec\":null,"
            + "\"env\":{\"PERIOD_MS\":\"100\"},\"placement\":\"everyNode\","
            + "\"ready\":{\"command\":[\"test\",\"-e\",\"/tmp/ready\"],\"tcpPort\":null,\"timeoutSeconds\":30,\"periodSeconds\":1},"
            + "\"required\":false,\"graceSeconds\":10,\"output\":\"hpcenv-%j-sampler-%N.out\"}";

    @Test
    void theContractsExampleParsesWithEveryField() {
        List<ServiceSpec> s = ServicesParser.parse("{\"services\":[" + SAMPLER + "]}");

        assertThat(s)
                .containsExactly(new ServiceSpec(
                        "sampler",
                        List.of("/opt/bin/sampler"),
                        null,
                        Map.of("PERIOD_MS", "100"),
                        Placement.EVERY_NODE,
                        new ReadyCheck(List.of("test", "-e", "/tmp/ready"), null, 30, 1),
                        false,
                        10,
                        "hpcenv-%j-sampler-%N.out"));
    }

    @Test
    void defaultsApplyToAbsentFieldsAndAnObjectSpecTravelsAsJson() {
        ServiceSpec s = ServicesParser.parse("{\"services\":[{\"name\":\"agg\",\"argv\":[\"agg\"],"
                        + "\"spec\":{\"image\":\"r/x:1\",\"env\":{\"A\":\"1\"}},\"placement\":\"firstNode\","
                        + "\"ready\":{\"tcpPort\":9000,\"timeoutSeconds\":5}}]}")
                .get(0);

        assertThat(s.spec()).isEqualTo("{\"image\":\"r/x:1\",\"env\":{\"A\":\"1\"}}");
        assertThat(s.placement()).isEqualTo(Placement.FIRST_NODE);
        assertThat(s.ready()).isEqualTo(new ReadyCheck(null, 9000, 5, 1));
        assertThat(s.required()).isFalse();
        assertThat(s.graceSeconds()).isEqualTo(10);
        assertThat(s.output()).isEqualTo("hpcenv-%j-%x-%N.out");
        assertThat(s.env()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "timeout out of range|{'name':'a','argv':['x'],'ready':{'command':['t'],'timeoutSeconds':0}}"
                        + "|HPCENV_SERVICES: services[0].ready.timeoutSeconds: must be 1..3600",
                "timeout missing|{'name':'a','argv':['x'],'ready':{'command':['t']}}"
                        + "|HPCENV_SERVICES: services[0].ready.timeoutSeconds: is required (1..3600)",
                "both checks|{'name':'a','argv':['x'],'ready':{'command':['t'],'tcpPort':80,'timeoutSeconds':3}}"
                        + "|HPCENV_SERVICES: services[0].ready: needs exactly one of command and tcpPort",
                "no check|{'name':'a','argv':['x'],'ready':{'timeoutSeconds':3}}"
                        + "|HPCENV_SERVICES: services[0].ready: needs exactly one of command and tcpPort",
                "port range|{'name':'a','argv':['x'],'ready':{'tcpPort':70000,'timeoutSeconds':3}}"
                        + "|HPCENV_SERVICES: services[0].ready.tcpPort: must be 1..65535",
                "period range|{'name':'a','argv':['x'],'ready':{'tcpPort':7,'timeoutSeconds':3,'periodSeconds':61}}"
                        + "|HPCENV_SERVICES: services[0].ready.periodSeconds: must be 1..60",
                "grace range|{'name':'a','argv':['x'],'graceSeconds':301}"
                        + "|HPCENV_SERVICES: services[0].graceSeconds: must be 0..300",
                "grace not a number|{'name':'a','argv':['x'],'graceSeconds':'10'}"
                        + "|HPCENV_SERVICES: services[0].graceSeconds: must be 0..300",
                "name not a label|{'name':'Big_Name','argv':['x']}"
                        + "|HPCENV_SERVICES: services[0].name: \"Big_Name\" is not a DNS label (lower-case letters, digits and '-', at most 63)",
                "name missing|{'argv':['x']}|HPCENV_SERVICES: services[0].name: is required",
                "argv missing|{'name':'a'}|HPCENV_SERVICES: services[0].argv: is required",
                "argv empty|{'name':'a','argv':[]}|HPCENV_SERVICES: services[0].argv: must not be empty",
                "argv word|{'name':'a','argv':['x',3]}|HPCENV_SERVICES: services[0].argv[1]: must be a string",
                "placement|{'name':'a','argv':['x'],'placement':'lastNode'}"
                        + "|HPCENV_SERVICES: services[0].placement: must be everyNode or firstNode",
                "required type|{'name':'a','argv':['x'],'required':'yes'}"
                        + "|HPCENV_SERVICES: services[0].required: must be true or false",
                "env value|{'name':'a','argv':['x'],'env':{'A':1}}|HPCENV_SERVICES: services[0].env.A: must be a string",
                "unknown field|{'name':'a','argv':['x'],'restart':'always'}"
                        + "|HPCENV_SERVICES: services[0].restart: unknown field",
                "spec type|{'name':'a','argv':['x'],'spec':'text'}"
                        + "|HPCENV_SERVICES: services[0].spec: must be the service's resolved environment (a JSON object) or null",
                "output escape|{'name':'a','argv':['x'],'output':'../%x.out'}"
                        + "|HPCENV_SERVICES: services[0].output: \"../%x.out\" leaves the job's working directory",
                "output absolute|{'name':'a','argv':['x'],'output':'/tmp/%x.out'}"
                        + "|HPCENV_SERVICES: services[0].output: \"/tmp/%x.out\" must be relative to the job's working directory",
                "output escape letter|{'name':'a','argv':['x'],'output':'%q.out'}"
                        + "|HPCENV_SERVICES: services[0].output: \"%q.out\" has %q; known are %j %N %n %x %%",
            })
    void eachBadFieldIsOneLineNamingIt(String what, String service, String line) {
        String json = "{\"services\":[" + service.replace('\'', '"') + "]}";

        assertThat(ServicesParser.errors(json)).as(what).containsExactly(line);
    }

    @Test
    void duplicateNamesTooManyServicesAndNonObjectsAreRefused() {
        assertThat(ServicesParser.errors(
                        "{\"services\":[{\"name\":\"a\",\"argv\":[\"x\"]},{\"name\":\"a\",\"argv\":[\"y\"]}]}"))
                .containsExactly(
                        "HPCENV_SERVICES: services[1].name: \"a\" is used by an earlier service; names must be unique");
        StringBuilder many = new StringBuilder("{\"services\":[");
        for (int i = 0; i < 17; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"s").append(i).append("\",\"argv\":[\"x\"]}");
        }
        assertThat(ServicesParser.errors(many + "]}"))
                .containsExactly("HPCENV_SERVICES: services: at most 16 services, got 17");
        assertThat(ServicesParser.errors("[1]"))
                .containsExactly("HPCENV_SERVICES: must be a JSON object {\"services\":[...]}");
        assertThat(ServicesParser.errors("{\"services\":[1]}"))
                .containsExactly("HPCENV_SERVICES: services[0]: must be an object");
        assertThat(ServicesParser.errors("{\"svc\":[]}"))
                .containsExactly("HPCENV_SERVICES: svc: unknown field", "HPCENV_SERVICES: services: is required");
        assertThat(ServicesParser.errors("{not json").get(0)).startsWith("HPCENV_SERVICES: not valid JSON (");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "relative|\"out\"",
                "dot dot|\"/a/../etc\"",
                "dot|\"/a/./b\"",
                "not a string|3",
            })
    void anOutputDirectoryMustBeAnAbsoluteNormalisedPath(String what, String value) {
        String json = "{\"outputDirectory\":" + value + ",\"services\":[{\"name\":\"a\",\"argv\":[\"x\"]}]}";

        assertThat(ServicesParser.errors(json))
                .as(what)
                .containsExactly(
                        "HPCENV_SERVICES: outputDirectory: must be an absolute, normalised path (no . or .. parts)");
    }

    @Test
    void theOutputDirectoryIsWhereTheOutputPatternsAreRelativeTo() {
        String json = "{\"outputDirectory\":\"/shared/run 1\",\"services\":[{\"name\":\"a\",\"argv\":[\"x\"]}]}";

        assertThat(ServicesParser.errors(json)).isEmpty();
        assertThat(ServicesParser.outputDirectory(json)).contains(java.nio.file.Path.of("/shared/run 1"));
        assertThat(ServicesParser.outputDirectory("{\"services\":[]}")).isEmpty();
    }

    @Test
    void everyBadFieldIsItsOwnLineInTheOneError() {
        String json = "{\"services\":[{\"name\":\"a\",\"argv\":[\"x\"],\"graceSeconds\":-1,"
                + "\"ready\":{\"command\":[\"t\"],\"timeoutSeconds\":4000}}]}";

        assertThatThrownBy(() -> ServicesParser.parse(json)).isInstanceOfSatisfying(ShimException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.line().lines())
                    .containsExactly(
                            "hpcenv-shim: HPCENV_SERVICES: services[0].ready.timeoutSeconds: must be 1..3600",
                            "hpcenv-shim: HPCENV_SERVICES: services[0].graceSeconds: must be 0..300"
                                    + " (hint: the operator writes HPCENV_SERVICES from HpcJob.spec.services;"
                                    + " fix the job's services)");
        });
    }
}
