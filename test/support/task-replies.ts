/** Scripted instruct-model replies for the go-hello fixture (test/fixtures/task/go-hello), shared by the CLI and LSP task tests. */

export const TASK = 'add a GET /echo route answering hello world with the current time';

export const IMPORT_TIME = `<edit file="server.go">
<<<<<<< SEARCH
import (
	"fmt"
	"net/http"
)
=======
import (
	"fmt"
	"net/http"
	"time"
)
>>>>>>> REPLACE
</edit>`;

export const ROUTES = `<replace file="server.go" name="NewMux">
// NewMux registers every route of the service.
func NewMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", handleHealth)
	mux.HandleFunc("/greet", handleGreet)
	mux.HandleFunc("/echo", handleEcho)
	return mux
}

// handleEcho answers GET /echo with hello world and the current time.
func handleEcho(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	fmt.Fprintf(w, "hello world %s\\n", time.Now().Format(time.RFC3339))
}
</replace>`;

export const EXPLAIN = '<explanation>Registers GET /echo, which answers hello world and the current time in RFC 3339.</explanation>\n</patch>';
export const GOOD_EDIT = `${IMPORT_TIME}\n${ROUTES}\n${EXPLAIN}`;
/** The same change without the import of "time": go build fails with "undefined: time". */
export const EDIT_WITHOUT_IMPORT = `${ROUTES}\n${EXPLAIN}`;

export const GOOD_TEST = `<code>
import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEcho(t *testing.T) {
	rec := httptest.NewRecorder()
	NewMux().ServeHTTP(rec, httptest.NewRequest("GET", "/echo", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "hello world ") {
		t.Fatalf("GET /echo = %d %q", rec.Code, rec.Body.String())
	}
}
</code>`;
/** A test that can never pass: the handler answers "hello world …", the test wants "goodbye". */
export const FAILING_TEST = GOOD_TEST.replace('"hello world "', '"goodbye"');
