package io.loanofficer.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing for the run command's Spring Boot processes (JDK dynamic archives, ADR 24): a
 * start maps the classes its predecessor loaded from one archive file instead of finding, reading,
 * parsing and verifying them in the jars again; most of a service's start on two cores is that. Two
 * things make it work for an executable jar: its classes must come from plain jars on the class path
 * (a nested jar's cannot be archived), so each jar is extracted once per build (Spring Boot's
 * {@code -Djarmode=tools extract}); and the archive is written when a process exits after a start
 * without one ({@code -XX:ArchiveClassesAtExit}), so the first run after a build records it and every
 * later run uses it. A stale or unusable archive costs nothing but the saving: the JVM checks it
 * against the class path and runs without it. {@code LOCAL_CDS=false} turns it off.
 */
final class ClassDataArchives {

  private static final Logger log = LoggerFactory.getLogger(ClassDataArchives.class);

  private static final String STAMP = "built-from";

  private final Path dir;
  private final boolean enabled;

  ClassDataArchives(Path dir, boolean enabled) {
    this.dir = dir;
    this.enabled = enabled;
  }

  static ClassDataArchives fromEnvironment(Path local) {
    return new ClassDataArchives(local.resolve("cds"), !"false".equalsIgnoreCase(System.getenv("LOCAL_CDS")));
  }

  /**
   * What follows the JVM options to start {@code execJar}: {@code -jar} and the jar itself when archives
   * are off or the jar cannot be extracted; else the archive option and the extracted jar.
   */
  List<String> launch(String name, Path execJar) throws IOException, InterruptedException {
    if (!enabled) {
      return List.of("-jar", execJar.toString());
    }
    Path home = dir.resolve(name);
    Path extracted = home.resolve("app").resolve(execJar.getFileName());
    String built = builtFrom(List.of(execJar.toAbsolutePath()));
    if (!keep(home, built, extracted)) {
      if (!extract(execJar, home.resolve("app"), home.resolve("extract.log"))) {
        log.warn("Could not extract {} for class-data sharing (see {}): starting it from the jar", execJar.getFileName(),
            home.resolve("extract.log"));
        return List.of("-jar", execJar.toString());
      }
      Files.writeString(home.resolve(STAMP), built);
    }
    List<String> arguments = new ArrayList<>(archiveOptions(home));
    arguments.addAll(List.of("-jar", extracted.toString()));
    return arguments;
  }

  /**
   * What follows the JVM options to run {@code mainClass} from {@code jars} (a plain application such
   * as the change capture, which has no Spring Boot launcher to extract it): the archive option, the
   * class path and the main class. Only jars: a non-empty directory on the class path disables archiving.
   */
  List<String> launch(String name, List<Path> jars, String mainClass) throws IOException {
    String classpath = String.join(":", jars.stream().map(Path::toString).toList());
    if (!enabled) {
      return List.of("-cp", classpath, mainClass);
    }
    Path home = dir.resolve(name);
    String built = builtFrom(jars);
    if (!keep(home, built)) {
      Files.writeString(home.resolve(STAMP), built);
    }
    List<String> arguments = new ArrayList<>(archiveOptions(home));
    arguments.addAll(List.of("-cp", classpath, mainClass));
    return arguments;
  }

  /** One line per jar, its path, size and time: another build of any of them gives another text. */
  private static String builtFrom(List<Path> jars) throws IOException {
    StringBuilder built = new StringBuilder();
    for (Path jar : jars) {
      built.append(jar).append(' ').append(Files.size(jar)).append(' ').append(Files.getLastModifiedTime(jar).toMillis())
          .append('\n');
    }
    return built.toString();
  }

  /**
   * True when {@code home} was made from {@code built} and still holds {@code required}; else empties it
   * (a new build: its classes, and so the archive of the old ones, are different) and returns false.
   */
  private static boolean keep(Path home, String built, Path... required) throws IOException {
    Path stamp = home.resolve(STAMP);
    if (Files.exists(stamp) && Files.readString(stamp).equals(built) && Stream.of(required).allMatch(Files::exists)) {
      return true;
    }
    deleteRecursively(home);
    Files.createDirectories(home);
    return false;
  }

  private static List<String> archiveOptions(Path home) {
    Path archive = home.resolve("classes.jsa");
    // written when the process exits after a start without one (the run command's Ctrl-C); mapped from then
    // on. Errors only: writing it lists every class it leaves out (signed jars, generated classes) as a warning
    return List.of(Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive,
        "-Xlog:cds*=error");
  }

  private static boolean extract(Path execJar, Path destination, Path logFile) throws IOException, InterruptedException {
    Process extraction = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djarmode=tools", "-jar", execJar.toString(), "extract", "--destination", destination.toString())
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .start();
    if (!extraction.waitFor(120, TimeUnit.SECONDS)) {
      extraction.destroyForcibly();
      return false;
    }
    return extraction.exitValue() == 0;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
