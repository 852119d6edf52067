/**
 * Keeps a failure while drawing (a view that meets data it was not written for, memory running
 * out in a canvas) from blanking the page: the views are replaced by a message, the text box and
 * settings stay, and the next result tries the views again.
 */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface ErrorBoundaryProps {
  /** Changing this value clears a caught error and draws the children again. */
  resetKey: unknown;
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
  resetKey: unknown;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  state: ErrorBoundaryState = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<ErrorBoundaryState> {
    return { error };
  }

  static getDerivedStateFromProps(
    props: ErrorBoundaryProps,
    state: ErrorBoundaryState,
  ): Partial<ErrorBoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('ErrorBoundary: a view failed to draw.', error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const memory = /memory|allocation/i.test(error.message);
    return (
      <p className="notice error" role="alert" data-testid="view-error">
        {memory
          ? `The views ran out of memory while drawing (${error.message}). Try a shorter text ` +
            'or a smaller model.'
          : `A view failed to draw: ${error.message}. Change the text or the view to try again.`}
      </p>
    );
  }
}
