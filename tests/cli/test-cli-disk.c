/* test-cli-disk.c: the command line on a full disk, a read-only file system, a device,
 * and a database other accounts can read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A full disk and a read-only file system are real: a small tmpfs mounted in a mount
 * namespace of the test's own (a user namespace where the kernel allows one, else as
 * root), so nothing outside the test sees it.
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "cli-test-util.h"
#include "inv-database.h"
#include "sync-test-util.h"

#define N_ROWS 5000

/* How to enter a mount namespace here, or NULL. */
static const char * const *
namespace_prefix (void)
{
  static const char * const as_user[] = { "unshare", "--user", "--map-root-user", "--mount", NULL };
  static const char * const as_root[] = { "unshare", "--mount", NULL };
  static const char * const *found = NULL;
  static gboolean looked = FALSE;

  if (!looked)
    {
      const char * const *candidates[] = { as_user, as_root };

      looked = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (candidates) && found == NULL; i++)
        {
          g_autoptr(GPtrArray) argv = g_ptr_array_new ();
          int status = -1;

          if (candidates[i] == as_root && geteuid () != 0)
            continue;
          for (guint j = 0; candidates[i][j] != NULL; j++)
            g_ptr_array_add (argv, (gpointer)candidates[i][j]);
          g_ptr_array_add (argv, (gpointer)"sh");
          g_ptr_array_add (argv, (gpointer)"-c");
          g_ptr_array_add (argv, (gpointer)"mkdir -p \"$1\" && mount -t tmpfs -o size=1m tmpfs \"$1\"");
          g_ptr_array_add (argv, (gpointer)"sh");
          g_ptr_array_add (argv, g_build_filename (g_get_tmp_dir (), "probe", NULL));
          g_ptr_array_add (argv, NULL);
          if (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH |
                            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, NULL, NULL, &status, NULL) &&
              g_spawn_check_wait_status (status, NULL))
            found = candidates[i];
          g_free (argv->pdata[argv->len - 2]);
        }
    }

  return found;
}

static gboolean
can_mount (void)
{
  if (namespace_prefix () != NULL)
    return TRUE;

  /* CI runs as root, where unshare --mount always works: never skipped there. */
  g_assert_true (geteuid () != 0);
  g_test_skip ("Neither a user namespace nor root: no small file system can be mounted");

  return FALSE;
}

/* Runs @script with sh in a new mount namespace, as `sh -c SCRIPT sh BIN WORKDIR`:
 * it mounts what it needs under $2/mnt, and copies what the test checks back out. */
static void
run_in_namespace (const char *workdir,
                  const char *script)
{
  const char * const *prefix = namespace_prefix ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  for (guint i = 0; prefix[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)prefix[i]);
  g_ptr_array_add (argv, (gpointer)"sh");
  g_ptr_array_add (argv, (gpointer)"-ec");
  g_ptr_array_add (argv, (gpointer)script);
  g_ptr_array_add (argv, (gpointer)"sh");
  g_ptr_array_add (argv, (gpointer)g_getenv ("INVITATIONS_BIN"));
  g_ptr_array_add (argv, (gpointer)workdir);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("script stdout:\n%s\nscript stderr:\n%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
read_text (const char *workdir,
           const char *name)
{
  g_autofree char *path = g_build_filename (workdir, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_test_message ("%s:\n%s", name, text);

  return text;
}

static gint64
query (const char *path,
       const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_nonnull (database);
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static void
assert_intact (const char *path)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_nonnull (database);
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), "PRAGMA integrity_check",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  /* Nothing half-written waits to be sent: every queued create has its pending
   * invitation, every pending invitation its create. */
  g_assert_cmpint (query (path, "SELECT count(*) FROM outbox o LEFT JOIN invitations i ON i.id = o.invitation_id "
                                "WHERE i.id IS NULL"), ==, 0);
  g_assert_cmpint (query (path, "SELECT count(*) FROM invitations i WHERE i.sync_state = 'pending_create' "
                                "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.invitation_id = i.id AND o.operation = 'create')"),
                   ==, 0);
}

static void
assert_plain (const char *text)
{
  g_assert_null (strstr (text, "disk I/O error"));
  g_assert_null (strstr (text, "database or disk is full"));
  g_assert_null (strstr (text, "attempt to write a readonly database"));
  g_assert_null (strstr (text, "CRITICAL"));
}

/* A workdir with a database holding one open template, and a file of N_ROWS people. */
static char *
new_workdir (const char *name)
{
  char *workdir = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *db = g_build_filename (workdir, "base.db", NULL);
  g_autofree char *csv = g_build_filename (workdir, "people.csv", NULL);
  g_autoptr(GString) rows = g_string_new ("First Name,Last Name,Email,Phone\n");
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (workdir, 0700), ==, 0);
  database = inv_database_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO templates (id, remote_id, name, active, validity_days) "
                                    "VALUES (1, 1001, 'Backend Engineer', 1, 7)",
                                    &error));
  g_assert_no_error (error);
  g_clear_object (&database);

  for (guint i = 0; i < N_ROWS; i++)
    g_string_append_printf (rows, "Ann%u,Lee%u,ann%u@example.com,+1555000%04u\n", i, i, i, i);
  g_assert_true (g_file_set_contents (csv, rows->str, rows->len, NULL));

  return workdir;
}

/* The import: 5,000 rows on a disk that fills up part-way. Every row is
 * accounted for, the reason is said in plain words, and what was queued is whole. */
static void
test_import_on_full_disk (void)
{
  g_autofree char *workdir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  guint imported = 0, rejected = 0, skipped = 0, warnings = 0;
  guint n_lines;

  if (!can_mount ())
    return;

  workdir = new_workdir ("import-full");
  /* Room for the candidates and a few batches of invitations, not for all of them. */
  run_in_namespace (workdir,
                    "D=$2/mnt; mkdir -p $D; mount -t tmpfs -o size=4m tmpfs $D\n"
                    "cp $2/base.db $D/db\n"
                    "dd if=/dev/zero of=$D/fill bs=4k 2>/dev/null || true\n"
                    "truncate -s -1400K $D/fill\n"
                    "$1 --database=$D/db --import-csv=$2/people.csv --template='Backend Engineer' "
                    "  >$2/out.txt 2>$2/err.txt && echo 0 >$2/status || echo $? >$2/status\n"
                    "mkdir -p $2/copy; cp $D/db* $2/copy/\n");

  out = read_text (workdir, "out.txt");
  err = read_text (workdir, "err.txt");
  assert_plain (out);
  assert_plain (err);

  lines = g_strsplit (g_strstrip (out), "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, >, 0);
  g_assert_cmpint (sscanf (lines[n_lines - 1], "%u imported, %u rejected, %u skipped, %u warning",
                           &imported, &rejected, &skipped, &warnings), ==, 4);

  /* Every row counted once, and one report line for each row not imported. */
  g_assert_cmpuint (imported + rejected + skipped, ==, N_ROWS);
  g_assert_cmpuint (n_lines - 1, ==, rejected + skipped + warnings);
  /* The disk filled part-way: some invitations were queued, not all. */
  g_assert_cmpuint (imported, >, 0);
  g_assert_cmpuint (imported, <, N_ROWS);
  g_assert_nonnull (strstr (out, "The disk is full; nothing was changed. Free some space and try again."));
  g_assert_nonnull (strstr (err, "the import stopped: The disk is full"));
  g_assert_nonnull (strstr (err, "were not queued; import the file again"));

  copy = g_build_filename (workdir, "copy", "db", NULL);
  assert_intact (copy);
  g_assert_cmpint (query (copy, "SELECT count(*) FROM invitations WHERE template_id = 1"), ==, imported);
  g_assert_cmpint (query (copy, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, imported);
}

/* A disk with no byte left: a cancel is refused in plain words and changes nothing,
 * and the database can still be listed. */
static void
test_cancel_on_full_disk (void)
{
  g_autofree char *workdir = NULL;
  g_autofree char *cancel_err = NULL;
  g_autofree char *list_out = NULL;
  g_autofree char *list_err = NULL;
  g_autofree char *status = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *base = NULL;

  if (!can_mount ())
    return;

  workdir = new_workdir ("cancel-full");
  base = g_build_filename (workdir, "base.db", NULL);
  {
    g_autoptr(Run) run = NULL;
    g_autofree char *option = g_strconcat ("--database=", base, NULL);
    g_autofree char *small = g_build_filename (workdir, "three.csv", NULL);

    g_assert_true (g_file_set_contents (small, "First Name,Last Name,Email\nA,B,a@example.com\n"
                                               "C,D,c@example.com\nE,F,e@example.com\n", -1, NULL));
    run = run_app (option, "--import-csv", small, "--template=Backend Engineer", NULL);
    g_assert_cmpint (run->exit_status, ==, 0);
  }

  run_in_namespace (workdir,
                    "D=$2/mnt; mkdir -p $D; mount -t tmpfs -o size=2m tmpfs $D\n"
                    "cp $2/base.db $D/db\n"
                    "dd if=/dev/zero of=$D/fill bs=4k 2>/dev/null || true\n"
                    "$1 --database=$D/db --cancel=1,2 >$2/cancel-out.txt 2>$2/cancel-err.txt "
                    "  && echo 0 >$2/status || echo $? >$2/status\n"
                    "$1 --database=$D/db --list >$2/list-out.txt 2>$2/list-err.txt\n"
                    "mkdir -p $2/copy; cp $D/db* $2/copy/\n");

  status = read_text (workdir, "status");
  g_assert_cmpstr (g_strstrip (status), ==, "1");
  cancel_err = read_text (workdir, "cancel-err.txt");
  assert_plain (cancel_err);
  g_assert_nonnull (strstr (cancel_err, "The disk is full; nothing was changed. Free some space and try again."));

  list_out = read_text (workdir, "list-out.txt");
  list_err = read_text (workdir, "list-err.txt");
  assert_plain (list_err);
  g_assert_nonnull (strstr (list_out, "a@example.com"));
  g_assert_nonnull (strstr (list_err, "the disk is full"));

  copy = g_build_filename (workdir, "copy", "db", NULL);
  assert_intact (copy);
  g_assert_cmpint (query (copy, "SELECT count(*) FROM invitations WHERE status = 'pending'"), ==, 3);
  g_assert_cmpint (query (copy, "SELECT count(*) FROM outbox WHERE operation = 'cancel'"), ==, 0);
}

/* A read-only file system: listed with a notice, every change refused in words. */
static void
test_read_only (void)
{
  g_autofree char *workdir = NULL;
  g_autofree char *text = NULL;

  if (!can_mount ())
    return;

  workdir = new_workdir ("read-only");
  run_in_namespace (workdir,
                    "D=$2/mnt; mkdir -p $D; mount -t tmpfs -o size=32m tmpfs $D\n"
                    "cp $2/base.db $D/db\n"
                    "$1 --database=$D/db --import-csv=$2/people.csv --template='Backend Engineer' >/dev/null\n"
                    "mount -o remount,ro $D\n"
                    "$1 --database=$D/db --list --format=json >$2/list-out.txt 2>$2/list-err.txt\n"
                    "! $1 --database=$D/db --cancel=1 2>$2/cancel-err.txt\n"
                    "! $1 --database=$D/db --import-csv=$2/people.csv --template='Backend Engineer' 2>$2/import-err.txt\n"
                    "! $1 --database=$D/db --set-company=Acme 2>$2/company-err.txt\n");

  text = read_text (workdir, "list-out.txt");
  g_assert_nonnull (strstr (text, "ann4999@example.com"));
  g_clear_pointer (&text, g_free);
  text = read_text (workdir, "list-err.txt");
  g_assert_nonnull (strstr (text, "is read-only: it can be listed and exported"));
  g_clear_pointer (&text, g_free);

  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "cancel-err.txt", "import-err.txt", "company-err.txt" };

      text = read_text (workdir, names[i]);
      assert_plain (text);
      g_assert_nonnull (strstr (text, "is read-only; nothing was changed. Make the file and its folder writable to change it."));
      g_clear_pointer (&text, g_free);
    }
}

/* A sync whose pull finds no room to store what it fetched: it says so in words, the
 * database is whole, and once there is room the next sync brings everything. */
static void
test_sync_on_full_disk (void)
{
  g_autoptr(TestService) service = NULL;
  g_autofree char *workdir = NULL;
  g_autofree char *script = NULL;
  g_autofree char *err = NULL;
  g_autofree char *status = NULL;
  g_autofree char *again = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *after = NULL;

  if (!can_mount ())
    return;

  service = test_service_start ("--api-key=disk-key", "--populate=4000", NULL);
  workdir = new_workdir ("sync-full");
  script = g_strdup_printf ("D=$2/mnt; mkdir -p $D; mount -t tmpfs -o size=32m tmpfs $D\n"
                            "cp $2/base.db $D/db\n"
                            "dd if=/dev/zero of=$D/fill bs=4k 2>/dev/null || true\n"
                            "truncate -s -600K $D/fill\n"
                            "export INVITATIONS_API_KEY=disk-key\n"
                            "$1 --database=$D/db --sync --service-url=%s >$2/out.txt 2>$2/err.txt "
                            "  && echo 0 >$2/status || echo $? >$2/status\n"
                            "mkdir -p $2/copy; cp $D/db* $2/copy/\n"
                            "rm $D/fill\n"
                            "$1 --database=$D/db --sync --service-url=%s >$2/again.txt 2>&1 || true\n"
                            "mkdir -p $2/after; cp $D/db* $2/after/\n",
                            service->url, service->url);
  run_in_namespace (workdir, script);

  status = read_text (workdir, "status");
  g_assert_cmpstr (g_strstrip (status), !=, "0");
  err = read_text (workdir, "err.txt");
  assert_plain (err);
  g_assert_nonnull (strstr (err, "The disk is full: what this sync stored before is kept"));
  g_assert_null (strstr (err, "nothing was changed"));

  copy = g_build_filename (workdir, "copy", "db", NULL);
  assert_intact (copy);
  g_assert_cmpint (query (copy, "SELECT count(*) FROM invitations"), <, 4000);

  again = read_text (workdir, "again.txt");
  after = g_build_filename (workdir, "after", "db", NULL);
  assert_intact (after);
  g_assert_cmpint (query (after, "SELECT count(*) FROM invitations"), ==, 4000);
}

/* A device is refused; no journal appears beside it. */
static void
test_device_refused (void)
{
  gboolean had_journal = g_file_test ("/dev/null-journal", G_FILE_TEST_EXISTS);
  g_autoptr(Run) run = run_app ("--list", "--database=/dev/null", NULL);

  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_nonnull (strstr (run->err, "is a device or another special file, not a database file"));
  assert_plain (run->err);
  g_assert_true (had_journal || !g_file_test ("/dev/null-journal", G_FILE_TEST_EXISTS));
}

/* A database others can read: --list says so on stderr with the command that fixes
 * it, and that command does. */
static void
test_exposed_warning (void)
{
  g_autofree char *workdir = new_workdir ("exposed");
  g_autofree char *db = g_build_filename (workdir, "base.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", db, NULL);
  g_autofree char *quoted = g_shell_quote (option);
  g_autofree char *command = g_strdup_printf ("invitations %s --restrict-permissions", quoted);
  GStatBuf st;

  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  {
    g_autoptr(Run) run = run_app (option, "--list", NULL);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_nonnull (strstr (run->err, "other accounts on this computer can read"));
    g_assert_nonnull (strstr (run->err, command));
    /* One line, ending with the command itself. */
    g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
    g_assert_true (g_str_has_suffix (run->err, "--restrict-permissions\n"));
  }
  {
    g_autoptr(Run) run = run_app (option, "--restrict-permissions", NULL);
    g_autofree char *said = g_strdup_printf ("Only you can read “%s” now\n", db);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->out, ==, said);
    g_assert_cmpint (g_stat (db, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
  {
    g_autoptr(Run) run = run_app (option, "--list", NULL);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->err, ==, "");
  }
  {
    g_autoptr(Run) run = run_app (option, "--restrict-permissions", "--list", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-disk/import-on-full-disk", test_import_on_full_disk);
  g_test_add_func ("/cli-disk/cancel-on-full-disk", test_cancel_on_full_disk);
  g_test_add_func ("/cli-disk/read-only", test_read_only);
  g_test_add_func ("/cli-disk/sync-on-full-disk", test_sync_on_full_disk);
  g_test_add_func ("/cli-disk/device-refused", test_device_refused);
  g_test_add_func ("/cli-disk/exposed-warning", test_exposed_warning);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}
