package dev.hpcenv.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArrayIndexesTest {

    @ParameterizedTest(name = "{0} names {1} indexes")
    @CsvSource(
            delimiter = ';',
            value = {
                "7;1",
                "0-99;100",
                "0-49%5;50",
                "1,3,5-7;5",
                "0-15:4;4",
                "0-16:4;5",
                "1,1,0-2;3",
                "5-49%5;45",
                "0-9999999;10000000",
            })
    void countsTheDistinctIndexes(String expression, long count) {
        assertThat(ArrayIndexes.parse(expression).count()).isEqualTo(count);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "0-99%0;%K needs K >= 1",
                "9-3;needs N <= M",
                "0-15:0;step S >= 1",
                "0-99%;is no limit",
                "a-b;is not N, N-M or N-M:S",
                "1,,2;is not N, N-M",
            })
    void refusesWhatSlurmWouldNotRead(String expression, String message) {
        assertThatThrownBy(() -> ArrayIndexes.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expression)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {"0-99%10;10;99", "1,3,99;;99", "5;;5"})
    void readsTheLimitAndTheLargestIndex(String expression, Integer limit, long max) {
        ArrayIndexes a = ArrayIndexes.parse(expression);
        assertThat(a.limit()).isEqualTo(limit);
        assertThat(a.maxIndex()).isEqualTo(max);
    }
}
