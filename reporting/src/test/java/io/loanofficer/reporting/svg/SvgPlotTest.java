package io.loanofficer.reporting.svg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SVG writer of the benchmarks' plots and the compliance report's charts. */
class SvgPlotTest {

  @Test
  void lineChartMapsPointsOntoRoundAxes() {
    String svg = SvgPlot.lines("a<b & c", "x", "y", false,
        List.of(new SvgPlot.Series("one", List.of(new double[] {0, 0}, new double[] {10, 5}, new double[] {20, 10}))));
    // x: 0-20 in steps of 5 over 60-470 px; y: 0-10 in steps of 2 over 310-30 px
    assertThat(svg).contains("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" "
        + "points=\"60.0,310.0 265.0,170.0 470.0,30.0\"/>");
    assertThat(svg).contains("<text x=\"162.5\" y=\"326.0\" text-anchor=\"middle\">5</text>");
    assertThat(svg).contains("<text x=\"54.0\" y=\"90.0\" text-anchor=\"end\">8</text>");
    assertThat(svg).contains(">a&lt;b &amp; c</text>");
    assertThat(svg).contains("<text x=\"498.0\" y=\"43.0\" text-anchor=\"start\">one</text>");
    assertThat(svg.split("<circle ", -1)).hasSize(4);
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\"");
    assertThat(svg).endsWith("</svg>\n");
  }

  @Test
  void logAxisHasOneTickPerPowerOfTen() {
    String svg = SvgPlot.lines("t", "x", "y", true,
        List.of(new SvgPlot.Series("s", List.of(new double[] {10, 1}, new double[] {100, 2}))));
    assertThat(svg).contains("points=\"60.0,170.0 470.0,30.0\"");
    assertThat(svg).contains("text-anchor=\"middle\">10</text>").contains("text-anchor=\"middle\">100</text>");
    assertThat(svg).contains("text-anchor=\"end\">0.5</text>").contains("text-anchor=\"end\">1.5</text>");
  }

  @Test
  void stackedBarsStackFromTheFirstSeriesUp() {
    Map<String, double[]> stacks = new LinkedHashMap<>();
    stacks.put("p", new double[] {1, 2});
    stacks.put("q", new double[] {3, 2});
    String svg = SvgPlot.stackedBars("t", "ms", List.of("a", "b"), stacks);
    // y: 0-4 in steps of 1 over 310-30 px (70 px per ms); two slots of 205 px, bars 60% wide
    assertThat(svg).contains("<rect x=\"101.0\" y=\"240.0\" width=\"123.0\" height=\"70.0\" fill=\"#1f77b4\"/>");
    assertThat(svg).contains("<rect x=\"306.0\" y=\"170.0\" width=\"123.0\" height=\"140.0\" fill=\"#1f77b4\"/>");
    assertThat(svg).contains("<rect x=\"101.0\" y=\"30.0\" width=\"123.0\" height=\"210.0\" fill=\"#d62728\"/>");
    assertThat(svg).contains("<rect x=\"306.0\" y=\"30.0\" width=\"123.0\" height=\"140.0\" fill=\"#d62728\"/>");
    assertThat(svg).contains("<text x=\"162.5\" y=\"26.0\" text-anchor=\"middle\">4</text>");
    assertThat(svg).contains("<text x=\"162.5\" y=\"324.0\" text-anchor=\"middle\">a</text>");
    assertThat(svg).contains("<text x=\"367.5\" y=\"336.0\" text-anchor=\"middle\">b</text>");
  }

  @Test
  void numbersDropTrailingZeros() {
    assertThat(SvgPlot.number(20)).isEqualTo("20");
    assertThat(SvgPlot.number(0.5)).isEqualTo("0.5");
    assertThat(SvgPlot.number(2.25)).isEqualTo("2.25");
    assertThat(SvgPlot.number(12.345)).isEqualTo("12.3");
    assertThat(SvgPlot.number(1234.5)).isEqualTo("1235");
  }
}
