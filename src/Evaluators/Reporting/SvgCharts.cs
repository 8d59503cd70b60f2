using System.Globalization;
using System.Net;
using System.Text;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>A line of a line chart. <paramref name="Dashed"/> tells validation from training loss.</summary>
public sealed record LineSeries(string Name, string Color, bool Dashed, IReadOnlyList<LossPoint> Points);

/// <summary>One bar of a bar chart: a mean with its confidence interval.</summary>
public sealed record BarValue(double Mean, double Low, double High);

/// <summary>
/// Inline SVG charts for the HTML report: plain elements with explicit coordinates, no scripts, no fonts or
/// styles from outside, so the report stays one self-contained file that renders anywhere.
/// </summary>
public static class SvgCharts
{
    /// <summary>Okabe–Ito palette: distinguishable with the common forms of colour blindness.</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D00", "#000000"];

    const int Width = 760, Height = 330, Left = 62, Right = 190, Top = 18, Bottom = 48;
    const int PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    /// <param name="legend">Legend rows (name, colour, dashed); a dashed row explains the dashed style rather than one series.</param>
    public static string LineChart(string title, IReadOnlyList<LineSeries> series, IReadOnlyList<(string Name, string Color, bool Dashed)> legend, string xLabel, string yLabel)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Step) && double.IsFinite(p.Loss)).ToList();
        if (points.Count == 0) return "";
        var (xMin, xMax, xTicks) = Axis(points.Min(p => p.Step), points.Max(p => p.Step), fromZero: false);
        var (yMin, yMax, yTicks) = Axis(points.Min(p => p.Loss), points.Max(p => p.Loss), fromZero: false);
        double X(double v) => Left + (v - xMin) / (xMax - xMin) * PlotWidth;
        double Y(double v) => Top + PlotHeight - (v - yMin) / (yMax - yMin) * PlotHeight;

        var svg = Open(title);
        Grid(svg, yTicks, Y, xTicks, X);
        foreach (var s in series)
        {
            var pts = s.Points.Where(p => double.IsFinite(p.Step) && double.IsFinite(p.Loss)).OrderBy(p => p.Step).ToList();
            if (pts.Count == 0) continue;
            var path = string.Join(' ', pts.Select((p, i) => $"{(i == 0 ? 'M' : 'L')}{F(X(p.Step))},{F(Y(p.Loss))}"));
            svg.Append($"<path class=\"series\" d=\"{path}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}><title>{E(s.Name)}</title></path>");
            if (s.Dashed || pts.Count <= 30)
                foreach (var p in pts)
                    svg.Append($"<circle cx=\"{F(X(p.Step))}\" cy=\"{F(Y(p.Loss))}\" r=\"2.8\" fill=\"{s.Color}\"><title>{E(s.Name)}: step {F(p.Step)}, loss {p.Loss:0.0000}</title></circle>");
        }
        AxisLabels(svg, xLabel, yLabel);
        Legend(svg, legend);
        return Close(svg);
    }

    /// <summary>Grouped bars (one group per category, one bar per series) with 95% CI error bars on a fixed y range.</summary>
    public static string BarChart(string title, IReadOnlyList<string> categories, IReadOnlyList<(string Name, string Color, IReadOnlyList<BarValue?> Values)> series,
        double yMin, double yMax, string yLabel)
    {
        if (categories.Count == 0 || series.Count == 0) return "";
        var (_, _, yTicks) = Axis(yMin, yMax, fromZero: false);
        double Y(double v) => Top + PlotHeight - (Math.Clamp(v, yMin, yMax) - yMin) / (yMax - yMin) * PlotHeight;
        var groupWidth = (double)PlotWidth / categories.Count;
        var barWidth = groupWidth * 0.8 / series.Count;

        var svg = Open(title);
        Grid(svg, yTicks.Where(t => t >= yMin && t <= yMax).ToList(), Y, [], _ => 0);
        for (var c = 0; c < categories.Count; c++)
        {
            var groupLeft = Left + c * groupWidth + groupWidth * 0.1;
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Values[c] is not { } v || !double.IsFinite(v.Mean)) continue;
                var x = groupLeft + s * barWidth;
                var top = Y(v.Mean);
                svg.Append($"<rect class=\"bar\" x=\"{F(x + 1)}\" y=\"{F(top)}\" width=\"{F(barWidth - 2)}\" height=\"{F(Y(yMin) - top)}\" fill=\"{series[s].Color}\">" +
                           $"<title>{E(series[s].Name)} · {E(categories[c])}: {v.Mean:0.00} (95% CI {v.Low:0.00}–{v.High:0.00})</title></rect>");
                if (double.IsFinite(v.Low) && double.IsFinite(v.High))
                {
                    var mid = x + barWidth / 2;
                    var cap = Math.Min(6, barWidth / 4);
                    svg.Append($"<path class=\"error-bar\" d=\"M{F(mid)},{F(Y(v.Low))} L{F(mid)},{F(Y(v.High))} M{F(mid - cap)},{F(Y(v.Low))} L{F(mid + cap)},{F(Y(v.Low))} " +
                               $"M{F(mid - cap)},{F(Y(v.High))} L{F(mid + cap)},{F(Y(v.High))}\" stroke=\"#222\" stroke-width=\"1.4\" fill=\"none\"/>");
                }
            }
            svg.Append($"<text x=\"{F(Left + (c + 0.5) * groupWidth)}\" y=\"{Top + PlotHeight + 18}\" text-anchor=\"middle\" class=\"tick\">{E(categories[c])}</text>");
        }
        AxisLabels(svg, "", yLabel);
        Legend(svg, series.Select(s => (s.Name, s.Color, false)).ToList());
        return Close(svg);
    }

    /// <summary>
    /// One dot per category with its interval as a vertical line and a dashed reference line (e.g. 0: no difference);
    /// a category without a value is left empty. The y range covers every interval and the reference.
    /// </summary>
    public static string DotChart(string title, IReadOnlyList<string> categories, IReadOnlyList<BarValue?> values, double reference, string yLabel)
    {
        var shown = values.Where(v => v is not null && double.IsFinite(v.Mean)).Select(v => v!).ToList();
        if (categories.Count == 0 || shown.Count == 0) return "";
        var ends = shown.SelectMany(v => new[] { v.Mean, v.Low, v.High }).Where(double.IsFinite).Append(reference).ToList();
        var (yMin, yMax, yTicks) = Axis(ends.Min(), ends.Max(), fromZero: false);
        double Y(double v) => Top + PlotHeight - (v - yMin) / (yMax - yMin) * PlotHeight;
        var step = (double)PlotWidth / categories.Count;

        var svg = Open(title);
        Grid(svg, yTicks, Y, [], _ => 0);
        svg.Append($"<line class=\"reference\" x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{F(Y(reference))}\" y2=\"{F(Y(reference))}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>");
        for (var c = 0; c < categories.Count; c++)
        {
            var x = Left + (c + 0.5) * step;
            if (values[c] is { } v && double.IsFinite(v.Mean))
            {
                if (double.IsFinite(v.Low) && double.IsFinite(v.High))
                    svg.Append($"<path class=\"interval\" d=\"M{F(x)},{F(Y(v.Low))} L{F(x)},{F(Y(v.High))} M{F(x - 6)},{F(Y(v.Low))} L{F(x + 6)},{F(Y(v.Low))} " +
                               $"M{F(x - 6)},{F(Y(v.High))} L{F(x + 6)},{F(Y(v.High))}\" stroke=\"#222\" stroke-width=\"1.4\" fill=\"none\"/>");
                svg.Append($"<circle class=\"dot\" cx=\"{F(x)}\" cy=\"{F(Y(v.Mean))}\" r=\"5\" fill=\"{Palette[0]}\">" +
                           $"<title>{E(categories[c])}: {Tick3(v.Mean)} (interval {Tick3(v.Low)} to {Tick3(v.High)})</title></circle>");
            }
            svg.Append($"<text x=\"{F(x)}\" y=\"{Top + PlotHeight + 18}\" text-anchor=\"middle\" class=\"tick\">{E(categories[c])}</text>");
        }
        AxisLabels(svg, "", yLabel);
        return Close(svg);
    }

    static StringBuilder Open(string title) => new StringBuilder()
        .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{E(title)}\">")
        .Append($"<title>{E(title)}</title>")
        .Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"#fafafa\" stroke=\"#ccc\"/>");

    static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    static void Grid(StringBuilder svg, IReadOnlyList<double> yTicks, Func<double, double> y, IReadOnlyList<double> xTicks, Func<double, double> x)
    {
        foreach (var t in yTicks)
            svg.Append($"<line x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{F(y(t))}\" y2=\"{F(y(t))}\" stroke=\"#e3e3e3\"/>")
               .Append($"<text x=\"{Left - 6}\" y=\"{F(y(t) + 4)}\" text-anchor=\"end\" class=\"tick\">{Tick(t)}</text>");
        foreach (var t in xTicks)
            svg.Append($"<line x1=\"{F(x(t))}\" x2=\"{F(x(t))}\" y1=\"{Top}\" y2=\"{Top + PlotHeight}\" stroke=\"#eeeeee\"/>")
               .Append($"<text x=\"{F(x(t))}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\" class=\"tick\">{Tick(t)}</text>");
    }

    static void AxisLabels(StringBuilder svg, string xLabel, string yLabel)
    {
        if (xLabel.Length > 0)
            svg.Append($"<text x=\"{Left + PlotWidth / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" class=\"axis\">{E(xLabel)}</text>");
        svg.Append($"<text transform=\"translate(16 {Top + PlotHeight / 2}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{E(yLabel)}</text>");
    }

    static void Legend(StringBuilder svg, IReadOnlyList<(string Name, string Color, bool Dashed)> entries)
    {
        var x = Left + PlotWidth + 14;
        for (var i = 0; i < entries.Count; i++)
        {
            var y = Top + 10 + i * 20;
            var (name, color, dashed) = entries[i];
            svg.Append($"<line x1=\"{x}\" x2=\"{x + 22}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"{(dashed ? 2 : 6)}\"{(dashed ? " stroke-dasharray=\"6 4\"" : "")}/>")
               .Append($"<text x=\"{x + 28}\" y=\"{y + 4}\" class=\"legend\">{E(Shorten(name, 22))}</text>");
        }
    }

    /// <summary>Axis range widened to "nice" tick steps (1, 2 or 5 × 10ᵏ), about five ticks.</summary>
    static (double Min, double Max, IReadOnlyList<double> Ticks) Axis(double min, double max, bool fromZero)
    {
        if (fromZero) min = Math.Min(0, min);
        if (max - min < 1e-12) { min -= 0.5; max += 0.5; }
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        var lo = Math.Floor(min / step) * step;
        var hi = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var t = lo; t <= hi + step / 2; t += step) ticks.Add(Math.Round(t / step) * step);
        return (lo, hi, ticks);
    }

    static string Tick(double v) => Math.Abs(v) >= 1000 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    static string Tick3(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    static string E(string s) => WebUtility.HtmlEncode(s);
}
