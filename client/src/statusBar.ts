// The status bar item: the indexing progress, then the problems the extension reports. A click
// opens the Service DNS view.
import * as vscode from 'vscode';
import type { IndexStatus } from '../../protocol/src/index';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubeServiceDns.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Kubernetes Service DNS';
    this.item.command = 'kubeServiceDns.focusView';
    this.item.text = '$(sync~spin) K8s DNS';
    this.item.tooltip = 'Kubernetes Service DNS: starting';
    this.item.show();
  }

  /** The last status shown, for tests. */
  last: IndexStatus | null = null;

  update(status: IndexStatus): void {
    this.last = status;
    if (status.state === 'indexing') {
      this.item.text = `$(sync~spin) K8s DNS ${status.percentage}%`;
      this.item.tooltip = `Kubernetes Service DNS: ${status.message}`;
      this.item.backgroundColor = undefined;
      return;
    }
    const problems = status.errors + status.warnings;
    this.item.text = problems ? `$(${status.errors ? 'error' : 'warning'}) K8s DNS: ${problems}` : '$(check) K8s DNS';
    this.item.tooltip = `Kubernetes Service DNS: ${status.services} Service${status.services === 1 ? '' : 's'} in ${status.files} YAML file${status.files === 1 ? '' : 's'}; ${status.errors} error${status.errors === 1 ? '' : 's'}, ${status.warnings} warning${status.warnings === 1 ? '' : 's'}, ${status.others} note${status.others === 1 ? '' : 's'}. Click for the Service DNS view.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
