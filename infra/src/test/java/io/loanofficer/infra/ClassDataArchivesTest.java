package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command's class-data archives on a real JVM: the first start records the archive at its
 * exit, the next maps it (with {@code -Xshare:on}, which refuses to start when it cannot), and a
 * rebuilt jar throws the old archive away and records a new one.
 */
class ClassDataArchivesTest {

  @TempDir
  Path dir;

  @Test
  void theFirstStartRecordsTheArchiveTheNextMapsItAndANewBuildRecordsAgain() throws Exception {
    Path jar = helloJar("first build");
    ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), true);
    Path archive = dir.resolve("cds").resolve("hello").resolve("classes.jsa");

    List<String> first = archives.launch("hello", List.of(jar), "Hello");
    assertThat(first).containsExactly("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=error", "-cp", jar.toString(),
        "Hello");
    assertThat(run(first)).isEqualTo("first build");
    assertThat(archive).exists();

    List<String> next = archives.launch("hello", List.of(jar), "Hello");
    assertThat(next).containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=error", "-cp", jar.toString(),
        "Hello");
    List<String> mapped = new ArrayList<>(List.of("-Xshare:on"));
    mapped.addAll(next);
    assertThat(run(mapped)).isEqualTo("first build");

    Path rebuilt = helloJar("second build");
    Files.setLastModifiedTime(rebuilt, FileTime.fromMillis(Files.getLastModifiedTime(rebuilt).toMillis() + 2_000));
    List<String> afterBuild = archives.launch("hello", List.of(rebuilt), "Hello");
    assertThat(archive).doesNotExist();
    assertThat(afterBuild.get(0)).isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
    assertThat(run(afterBuild)).isEqualTo("second build");
  }

  @Test
  void turnedOffItStartsFromTheJarsAsBefore() throws Exception {
    Path jar = helloJar("plain");
    ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), false);

    assertThat(archives.launch("hello", List.of(jar), "Hello")).containsExactly("-cp", jar.toString(), "Hello");
    assertThat(archives.launch("gateway", jar)).containsExactly("-jar", jar.toString());
    assertThat(dir.resolve("cds")).doesNotExist();
  }

  /** A jar whose main class prints {@code text}. */
  private Path helloJar(String text) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path source = sources.resolve("Hello.java");
    Files.writeString(source, "public class Hello { public static void main(String[] a) { System.out.print(\""
        + text + "\"); } }");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", sources.toString(), source.toString())).isZero();
    Path jar = dir.resolve("hello.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
      entries.putNextEntry(new JarEntry("Hello.class"));
      entries.write(Files.readAllBytes(sources.resolve("Hello.class")));
      entries.closeEntry();
    }
    return jar;
  }

  private static String run(List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(arguments);
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.exitValue()).as(output).isZero();
    return output;
  }
}
