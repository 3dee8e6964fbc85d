namespace Kyc.Web.Metrics;

public enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}
