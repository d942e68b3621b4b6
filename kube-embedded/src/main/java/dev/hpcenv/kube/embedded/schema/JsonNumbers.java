package dev.hpcenv.kube.embedded.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * JSON numbers as the API server sees them. It decodes a number into an int64 when the literal is
 * an integer that fits, and into a float64 otherwise; a float64 then counts as an integer only when
 * it is whole and within +-(2^53-1) (go-openapi's {@code IsFloat64AJSONInteger}). So {@code 3.0}
 * and {@code 1e3} are integers, while {@code 1.5}, {@code 1e20} and {@code 99999999999999999999}
 * (beyond int64, hence a float64) are not. Messages print numbers as Go's {@code %v} does.
 */
final class JsonNumbers {

    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final double MAX_JSON_INTEGER = 9_007_199_254_740_991d; // 2^53 - 1

    private JsonNumbers() {}

    /** The value as the API server's int64, or null when it decodes it as a float64 that is no JSON integer. */
    static Long asInteger(JsonNode number) {
        if (number.isIntegralNumber()) {
            BigInteger value = number.bigIntegerValue();
            if (value.compareTo(INT64_MIN) >= 0 && value.compareTo(INT64_MAX) <= 0) {
                return value.longValue();
            }
            return wholeFloat(value.doubleValue());
        }
        return wholeFloat(number.doubleValue());
    }

    private static Long wholeFloat(double value) {
        if (Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) <= MAX_JSON_INTEGER) {
            return (long) value;
        }
        return null;
    }

    /** The node an integer field stores: 3.0 and 1e3 become 3 and 1000, as the API server writes them back. */
    static JsonNode integerNode(long value) {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE
                ? JsonNodeFactory.instance.numberNode((int) value)
                : JsonNodeFactory.instance.numberNode(value);
    }

    /** The exact value of a number node, for comparisons that must not round (2^63 vs Long.MAX_VALUE). */
    static BigDecimal exact(JsonNode number) {
        if (number.isIntegralNumber()) {
            return new BigDecimal(number.bigIntegerValue());
        }
        double value = number.doubleValue();
        return Double.isFinite(value) ? new BigDecimal(number.decimalValue().toString()) : null;
    }

    /** How Go prints a value the API server holds: an int64 as digits, a float64 as {@code %v} does. */
    static String display(JsonNode number) {
        Long integer = number.isIntegralNumber() ? asInteger(number) : null;
        if (integer != null && number.bigIntegerValue().bitLength() < 64) {
            return Long.toString(integer);
        }
        return goFloat(number.doubleValue());
    }

    /** Go's {@code %v} of a float64: shortest digits, exponent form when the exponent is < -4 or >= 6
     * (strconv's 'g' with the shortest precision: 100000 but 1e+06). */
    static String goFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String sign = value < 0 ? "-" : "";
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return shortest.toPlainString();
    }
}
