import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Alert } from './Alert.tsx';
import { EmptyState } from './EmptyState.tsx';
import { LoadingState } from './LoadingState.tsx';
import { Select } from './Select.tsx';
import { TextField } from './TextField.tsx';
import { IconHome } from './icons.tsx';

describe('TextField', () => {
  it('ties label, description and error to the input', () => {
    render(
      <TextField label="Email" description="We never share it." error="Enter an email address." />,
    );
    const input = screen.getByRole('textbox', { name: 'Email' });
    expect(input).toHaveAccessibleDescription('We never share it. Enter an email address.');
    expect(input).toBeInvalid();
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('is valid and undescribed without description or error', () => {
    render(<TextField label="Name" />);
    const input = screen.getByRole('textbox', { name: 'Name' });
    expect(input).not.toHaveAttribute('aria-describedby');
    expect(input).not.toHaveAttribute('aria-invalid');
  });
});

describe('Select', () => {
  it('has a label and marks errors', () => {
    render(
      <Select
        label="Visit type"
        error="Choose one."
        options={[
          { value: 'video', label: 'Video call' },
          { value: 'phone', label: 'Phone call' },
        ]}
        defaultValue="phone"
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Visit type' });
    expect(select).toHaveValue('phone');
    expect(select).toHaveAccessibleDescription('Choose one.');
    expect(select).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('Alert', () => {
  it('interrupts for errors and waits its turn otherwise', () => {
    const { rerender } = render(<Alert tone="error" title="Could not save" />);
    expect(screen.getByRole('alert')).toHaveTextContent('Could not save');
    rerender(<Alert tone="success" title="Saved" />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Saved');
  });
});

describe('LoadingState', () => {
  it('says what is loading', () => {
    render(<LoadingState label="Loading providers…" />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading providers…');
  });
});

describe('EmptyState', () => {
  it('has a heading at the level asked for, a body, an optional action and a hidden icon', () => {
    const { container } = render(
      <EmptyState
        headingLevel={3}
        icon={<IconHome />}
        title="Nothing yet"
        body="Things will show here."
        action={<button type="button">Start</button>}
      />,
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Nothing yet' })).toBeVisible();
    expect(screen.getByText('Things will show here.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Start' })).toBeVisible();
    expect(container.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
  });
});
