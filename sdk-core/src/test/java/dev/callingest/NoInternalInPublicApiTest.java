package dev.callingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Nothing from a {@code dev.callingest...internal} package appears in the public or protected
 * signature of a public type outside {@code internal}: not as a supertype, a field, a parameter, a
 * return type, a thrown exception or a type argument. It reads every published module's classes on
 * this test's class path (core, analysis and the emulator), whether built in this reactor or taken
 * from a jar.
 */
class NoInternalInPublicApiTest {

  @Test
  void noPublicSignatureNamesAnInternalType() throws Exception {
    List<String> classNames = publishedClassNames();
    assertThat(classNames)
        .contains(
            "dev.callingest.CallingestException",
            "dev.callingest.bulk.ImportTarget",
            "dev.callingest.analysis.CallAnalysis",
            "dev.callingest.analysis.internal.JsonBytesReader");

    TreeSet<String> leaks = new TreeSet<>();
    for (String name : classNames) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      if (!isExported(type)) continue;
      check(type.getGenericSuperclass(), type.getName() + " extends", leaks);
      for (Type implemented : type.getGenericInterfaces()) {
        check(implemented, type.getName() + " implements", leaks);
      }
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers())) {
          check(field.getGenericType(), type.getName() + "." + field.getName(), leaks);
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (!visible(constructor.getModifiers())) continue;
        String where = type.getName() + ".<init>";
        for (Type parameter : constructor.getGenericParameterTypes())
          check(parameter, where, leaks);
        for (Type thrown : constructor.getGenericExceptionTypes()) check(thrown, where, leaks);
      }
      for (Method method : type.getDeclaredMethods()) {
        if (!visible(method.getModifiers()) || method.isSynthetic() || method.isBridge()) continue;
        String where = type.getName() + "." + method.getName() + "()";
        check(method.getGenericReturnType(), where, leaks);
        for (Type parameter : method.getGenericParameterTypes()) check(parameter, where, leaks);
        for (Type thrown : method.getGenericExceptionTypes()) check(thrown, where, leaks);
      }
    }
    assertThat(leaks).as("public signatures naming an internal type").isEmpty();
  }

  @Test
  void theCheckSeesALeak() {
    TreeSet<String> leaks = new TreeSet<>();
    check(dev.callingest.internal.RawResponse.class, "example", leaks);
    assertThat(leaks).containsExactly("example: dev.callingest.internal.RawResponse");
  }

  @Test
  void theCheckSeesALeakOfTheAnalysisModulesInternalPackage() {
    TreeSet<String> leaks = new TreeSet<>();
    check(dev.callingest.analysis.internal.JsonBytesReader.Names.class, "example", leaks);
    assertThat(leaks)
        .containsExactly("example: dev.callingest.analysis.internal.JsonBytesReader$Names");
  }

  /** Public, and every enclosing type public, in a package that is not internal. */
  private static boolean isExported(Class<?> type) {
    if (isInternal(type)) return false;
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static boolean isInternal(Class<?> type) {
    String name = type.getPackageName();
    return name.endsWith(".internal") || name.contains(".internal.");
  }

  private static void check(Type type, String where, TreeSet<String> leaks) {
    if (type == null) return;
    if (type instanceof Class<?>) {
      Class<?> c = (Class<?>) type;
      while (c.isArray()) c = c.getComponentType();
      if (isInternal(c)) leaks.add(where + ": " + c.getName());
    } else if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      check(p.getRawType(), where, leaks);
      for (Type argument : p.getActualTypeArguments()) check(argument, where, leaks);
    } else if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      for (Type bound : w.getUpperBounds()) check(bound, where, leaks);
      for (Type bound : w.getLowerBounds()) check(bound, where, leaks);
    } else if (type instanceof GenericArrayType) {
      check(((GenericArrayType) type).getGenericComponentType(), where, leaks);
    } else if (type instanceof TypeVariable) {
      for (Type bound : ((TypeVariable<?>) type).getBounds()) check(bound, where, leaks);
    }
  }

  /**
   * Classes under dev/callingest in main-class directories and callingest jars; no test classes.
   */
  private static List<String> publishedClassNames() throws IOException {
    List<String> names = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path root = Path.of(entry);
      if (Files.isDirectory(root) && root.endsWith(Path.of("target", "classes"))) {
        Path base = root.resolve("dev/callingest");
        if (!Files.isDirectory(base)) continue;
        try (Stream<Path> files = Files.walk(base)) {
          files
              .filter(f -> f.toString().endsWith(".class"))
              .forEach(f -> names.add(className(root.relativize(f).toString())));
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      } else if (root.getFileName().toString().startsWith("callingest-")
          && entry.endsWith(".jar")) {
        try (ZipFile jar = new ZipFile(root.toFile())) {
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.startsWith("dev/callingest/") && n.endsWith(".class"))
              .forEach(n -> names.add(className(n)));
        }
      }
    }
    names.removeIf(n -> n.endsWith("package-info") || n.endsWith("module-info"));
    return names;
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length())
        .replace(File.separatorChar, '.')
        .replace('/', '.');
  }
}
